// The part of saxen's API the DXF reader uses (the package ships no type declarations).
declare module 'saxen' {
  export class Parser {
    on(
      event: 'openTag',
      fn: (name: string, attrs: () => Record<string, string>, decodeEntities: (s: string) => string) => void,
    ): Parser;
    on(event: 'closeTag', fn: (name: string) => void): Parser;
    on(event: 'text', fn: (value: string, decodeEntities: (s: string) => string) => void): Parser;
    on(event: 'cdata', fn: (value: string) => void): Parser;
    on(event: 'error', fn: (error: Error) => void): Parser;
    parse(xml: string): Parser;
  }
}
