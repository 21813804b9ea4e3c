import { Link } from "react-router";
import { EmptyState } from "../components/states";
import { Button } from "../components/ui/button";

export function NotFound() {
  return (
    <EmptyState
      title="Page not found"
      description="The address does not match any page."
      action={
        <Button asChild variant="outline">
          <Link to="/">Back to the table</Link>
        </Button>
      }
    />
  );
}
