package io.shouhu.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a body sent to {@code /fhir} must be before HAPI parses it: FHIR JSON or XML (else 415) in
 * UTF-8, the only encoding FHIR allows (else 400). HAPI alone would answer a text/plain body with a
 * generic 400 and would quietly read invalid UTF-8 as replacement characters, storing a name nobody
 * wrote. Runs after the size limit, so the body it buffers is bounded.
 */
final class FhirRequestBodyRules extends OncePerRequestFilter {

	private final FhirErrorResponse errors;

	FhirRequestBodyRules(FhirErrorResponse errors) {
		this.errors = errors;
	}

	private static final List<String> FHIR_TYPES = List.of("application/fhir+json", "application/json",
			"application/json+fhir", "application/fhir+xml", "application/xml", "application/xml+fhir", "text/xml",
			// a search by POST (FHIR's _search) sends its parameters as a form
			"application/x-www-form-urlencoded");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && !contentType.isBlank()) {
			String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
			if (!FHIR_TYPES.contains(mediaType)) {
				errors.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "not-supported",
						"Send FHIR as application/fhir+json or application/fhir+xml.");
				return;
			}
			// A charset parameter is not trusted either way (clients and libraries often add a wrong
			// default): the bytes themselves must be UTF-8, checked below.
		}
		byte[] body = request.getInputStream().readAllBytes();
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
		}
		catch (CharacterCodingException ex) {
			errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid",
					"The request body is not valid UTF-8.");
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
	}

	/** The request with its body already read, for HAPI to read again. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new IllegalStateException("synchronous reads only");
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(
					new java.io.InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}
	}
}
