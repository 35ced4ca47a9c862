// Type assertions checked by the compiler: `Expect<Equal<A, B>>` compiles only if A and B are
// the same type. Equal compares through generic functions, so `any` equals only `any`.
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Expect<T extends true> = T;
