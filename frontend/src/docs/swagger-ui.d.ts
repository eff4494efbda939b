// swagger-ui-dist ships no types; only the options used by the docs page are declared.
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  interface SwaggerRequest {
    headers: Record<string, string>
    [key: string]: unknown
  }

  interface SwaggerUIOptions {
    dom_id: string
    url: string
    deepLinking?: boolean
    validatorUrl?: string | null
    persistAuthorization?: boolean
    requestInterceptor?: (request: SwaggerRequest) => SwaggerRequest
  }

  export default function SwaggerUI(options: SwaggerUIOptions): unknown
}
