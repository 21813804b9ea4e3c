// Stand-in for codegen output: convexTest locates a functions root by its _generated folder.
export { anyApi as api, anyApi as internal } from "convex/server";
