import { Toaster as Sonner, type ToasterProps } from "sonner";
import { useResolvedTheme } from "../../lib/theme";

export function Toaster(props: ToasterProps) {
  const theme = useResolvedTheme();
  return <Sonner theme={theme} richColors closeButton position="top-center" {...props} />;
}
