import type { CSSProperties } from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";
import { useResolvedTheme } from "../../lib/theme";

// sonner's light success text (hsl(140 100% 27%)) is 4.25:1 on its success background; this
// darker green is about 6:1, meeting WCAG AA's 4.5:1 for normal text.
const lightRichColors = { "--success-text": "hsl(140, 100%, 21%)" } as CSSProperties;

export function Toaster({ style, ...props }: ToasterProps) {
  const theme = useResolvedTheme();
  return (
    <Sonner
      theme={theme}
      richColors
      closeButton
      position="top-center"
      style={theme === "light" ? { ...lightRichColors, ...style } : style}
      {...props}
    />
  );
}
