import { expect, it } from "vitest";
import { dockerfileNodeVersion } from "./imageNode";

it("reads the image's exact Node release from the Dockerfile's ARG", () => {
  expect(dockerfileNodeVersion("# x\nARG NODE_VERSION=24.22.3\nFROM node:${NODE_VERSION}-slim\n")).toBe(
    "24.22.3",
  );
});

it("refuses a Node line or a missing ARG, which would let the tests and the image differ", () => {
  expect(() => dockerfileNodeVersion("ARG NODE_VERSION=24\nFROM node:${NODE_VERSION}\n")).toThrow(
    /exact release/,
  );
  expect(() => dockerfileNodeVersion("ARG NODE_VERSION=lts\n")).toThrow(/exact release/);
  expect(() => dockerfileNodeVersion("FROM node:24-slim\n")).toThrow(/no ARG NODE_VERSION/);
});
