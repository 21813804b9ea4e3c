import { useLayoutEffect, useRef, type RefObject } from "react";

/*
 * When the control holding keyboard focus goes away with its list row, the browser drops focus
 * to <body> and the next Tab starts again from the skip link. These helpers move it to the
 * neighbouring row instead. A row is the nearest <li>.
 */

type Target = Element | null | undefined;

/** The row after `el`'s row, or the one before when it is the last. */
export function neighbourRow(el: Element): Element | null {
  const row = el.closest("li");
  return row?.nextElementSibling ?? row?.previousElementSibling ?? null;
}

/** The first element in `row` matching `selector` that belongs to the row itself, not to a list nested in it. */
export function inRow(row: Element | null, selector: string): HTMLElement | null {
  if (!row) return null;
  return [...row.querySelectorAll<HTMLElement>(selector)].find((el) => el.closest("li") === row) ?? null;
}

/** Focuses the first of `targets` still on the page; false when none is. */
export function focusFirst(targets: Target[]): boolean {
  const target = targets.find((t): t is HTMLElement => t instanceof HTMLElement && t.isConnected);
  target?.focus();
  return target !== undefined;
}

const focusIsLost = () => document.activeElement === null || document.activeElement === document.body;

/**
 * For a control whose row goes away some time after it was used (its record deleted on the
 * server): when the component unmounts while `ref`'s element has focus, or while `armed()` holds
 * (focus may still be in a closing dialog that would hand it back to the control), and focus is
 * nowhere once the removal has rendered, it moves to the first of `targets` still on the page.
 * `targets` runs while the old rows are still there, so it can name a neighbour.
 */
export function useFocusOnRemoval(
  ref: RefObject<HTMLElement | null>,
  targets: (el: HTMLElement) => Target[],
  armed?: () => boolean,
) {
  const latest = useRef({ targets, armed });
  useLayoutEffect(() => {
    latest.current = { targets, armed };
  });
  useLayoutEffect(() => {
    const el = ref.current;
    // Layout cleanups run before React takes the unmounting DOM out of the page.
    return () => {
      if (!el) return;
      if (document.activeElement !== el && latest.current.armed?.() !== true) return;
      const candidates = latest.current.targets(el);
      // After the commit: the targets that were removed with this row are skipped then.
      queueMicrotask(() => {
        if (!el.isConnected && (focusIsLost() || !document.activeElement?.isConnected))
          focusFirst(candidates);
      });
    };
  }, [ref]);
}
