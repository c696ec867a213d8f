export declare const SERVER_ENV: { MALLOC_ARENA_MAX: string; NODE_OPTIONS: string };
export declare function withServerEnv<T extends Record<string, string | undefined>>(
  env: T,
): T & { MALLOC_ARENA_MAX: string; NODE_OPTIONS: string };
