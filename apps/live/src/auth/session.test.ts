import { describe, expect, it } from "vitest";
import { ISSUER, PARTY, makeKeys, signToken } from "../testTokens";
import { AuthError, createTokenVerifier } from "./session";

describe("createTokenVerifier", async () => {
  const keys = await makeKeys();
  const other = await makeKeys();
  const verify = createTokenVerifier({ jwtKey: keys.pem, issuer: ISSUER, authorizedParties: [PARTY] });

  const reason = async (token: unknown) => {
    try {
      await verify(token);
      return "accepted";
    } catch (err) {
      return err instanceof AuthError ? err.reason : "other";
    }
  };

  it("accepts a valid token and reads the user and admin role", async () => {
    const s = await verify(await signToken(keys, "user_a", { role: "admin" }));
    expect(s).toMatchObject({ userId: "user_a", sessionId: "sess_user_a", isAdmin: true });
    expect((await verify(await signToken(keys, "user_b"))).isAdmin).toBe(false);
  });

  it("rejects forged, expired, wrong-party, wrong-issuer and missing tokens with a reason", async () => {
    expect(await reason(await signToken(keys, "u", { key: other.privateKey }))).toBe("invalid");
    expect(await reason(await signToken(keys, "u", { expiresIn: -120 }))).toBe("expired");
    expect(await reason(await signToken(keys, "u", { azp: "https://evil.example" }))).toBe("wrong_party");
    expect(await reason(await signToken(keys, "u", { iss: "https://other-issuer.example" }))).toBe(
      "wrong_issuer",
    );
    expect(await reason(undefined)).toBe("missing");
    expect(await reason("not.a.jwt")).toBe("invalid");
  });
});
