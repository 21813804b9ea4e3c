import { Link } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { Button } from "../components/ui/button";

export function NotFound() {
  return (
    <PageHeader
      title="Page not found"
      description="The address does not match any page."
      actions={
        <Button asChild variant="outline">
          <Link to="/">Back to the table</Link>
        </Button>
      }
    />
  );
}
