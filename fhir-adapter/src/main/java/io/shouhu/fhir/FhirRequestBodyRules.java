package io.shouhu.fhir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a request to {@code /fhir} must be before HAPI reads it: a query string that decodes (else
 * 400; the servlet container would throw on it inside HAPI, a 500), and a body of FHIR JSON or XML
 * (else 415) in UTF-8, the only encoding FHIR allows (else 400). HAPI alone would answer a text/plain
 * body with a generic 400 and would quietly read invalid UTF-8 as replacement characters, storing a
 * name nobody wrote. Runs after the size limit, so the body it buffers is bounded.
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
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!decodes(request.getQueryString())) {
			errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid",
					"The query string is not valid percent-encoding (a % must be followed by two hex digits).");
			return;
		}
		String method = request.getMethod();
		if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
			chain.doFilter(request, response);
			return;
		}
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
		// Read once: the size limit may already hold the body; otherwise it is bounded by Content-Length,
		// which the size limit has checked.
		RequestSizeLimit.Buffered buffered = request instanceof RequestSizeLimit.Buffered already ? already
				: new RequestSizeLimit.Buffered(request, request.getInputStream().readAllBytes(), false);
		if (!isUtf8(buffered.body())) {
			errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid",
					"The request body is not valid UTF-8.");
			return;
		}
		chain.doFilter(buffered, response);
	}

	/** Whether the bytes are UTF-8, decoded through a small buffer: the text itself is not needed here. */
	static boolean isUtf8(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(4096);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				out.clear();
				return !decoder.flush(out).isError();
			}
			out.clear();
		}
	}

	static boolean decodes(String query) {
		if (query == null) {
			return true;
		}
		try {
			java.net.URLDecoder.decode(query, StandardCharsets.UTF_8);
			return true;
		}
		catch (IllegalArgumentException malformed) {
			return false;
		}
	}
}
