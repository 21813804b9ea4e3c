import { toast } from "sonner";
import { errorMessage } from "./errors";

/** Shows a failed mutation with the server's message; the title says what was attempted. */
export function toastError(action: string, error: unknown): void {
  toast.error(action, { description: errorMessage(error) });
}

export function toastSuccess(message: string): void {
  toast.success(message);
}
