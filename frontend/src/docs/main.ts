import SwaggerUI from 'swagger-ui-dist/swagger-ui-es-bundle.js'
import 'swagger-ui-dist/swagger-ui.css'
import { tokens } from '@/auth/tokens'

SwaggerUI({
  dom_id: '#swagger-ui',
  url: '/api/v1/openapi.json',
  deepLinking: true,
  // The default validator badge would call an external service; these machines are offline.
  validatorUrl: null,
  // "Try it out" reuses the session of the app in the same browser unless one is set via Authorize.
  requestInterceptor: (request) => {
    const token = tokens.access
    if (token && !request.headers.Authorization) request.headers.Authorization = `Bearer ${token}`
    return request
  },
})
