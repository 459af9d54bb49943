package io.shouhu.fhir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Refuses a request body over {@code shouhu.fhir.max-request-bytes} with 413 and an
 * OperationOutcome, before HAPI reads it into memory.
 * <ul>
 * <li>A declared {@code Content-Length} over the limit is refused without reading the body.</li>
 * <li>A body of unknown length (chunked) is read here, at most one byte past the limit, and
 * handed on from memory; HAPI reads every body whole anyway.</li>
 * <li>A gzip body (HAPI would inflate it, unbounded) is inflated here, and the limit applies to the
 * inflated bytes too; HAPI then gets the plain body.</li>
 * </ul>
 * Before a refusal the rest of the body is read and discarded, up to a bound, so that the client
 * sees the 413 instead of a connection reset: a client that is still sending when the server closes
 * the connection usually gets the reset and never reads the response. Tomcat would swallow only
 * {@code server.tomcat.max-swallow-size} (2 MB) before closing.
 */
final class RequestSizeLimit implements Filter {

	private static final Logger log = LoggerFactory.getLogger(RequestSizeLimit.class);

	/** At least this much of a refused body is read and discarded, however small the limit. */
	private static final long MIN_DRAIN_BYTES = 64L * 1024 * 1024;

	private static final String FORM = "application/x-www-form-urlencoded";

	private final long maxBytes;

	private final long drainBytes;

	private final FhirContext context;

	RequestSizeLimit(long maxBytes, FhirContext context) {
		if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("shouhu.fhir.max-request-bytes must be between 1 byte and 2 GB");
		}
		this.maxBytes = maxBytes;
		this.drainBytes = Math.max(MIN_DRAIN_BYTES, 4 * maxBytes);
		this.context = context;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
			chain.doFilter(req, res);
			return;
		}
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			refuse(request, response, 0);
			return;
		}
		boolean gzip = gzip(request);
		boolean unknownLength = declared < 0 && (request.getHeader("Transfer-Encoding") != null
				|| List.of("POST", "PUT", "PATCH").contains(request.getMethod()));
		if (!gzip && !unknownLength) {
			// Tomcat delivers no more than the declared length: nothing to count
			chain.doFilter(request, response);
			return;
		}
		Counting raw = new Counting(request.getInputStream());
		byte[] body;
		try {
			InputStream in = gzip ? new GZIPInputStream(raw) : raw;
			body = in.readNBytes((int) maxBytes + 1);
			if (gzip && body.length <= maxBytes && raw.count > maxBytes) {
				body = null;
			}
		}
		catch (ZipException | EOFException notGzip) {
			drain(request, raw.count);
			answer(request, response, HttpServletResponse.SC_BAD_REQUEST, IssueType.STRUCTURE,
					"The body is declared gzip (Content-Encoding) but is not valid gzip.",
					"请求体声明为 gzip（Content-Encoding），但不是有效的 gzip 数据。");
			return;
		}
		if (body == null || body.length > maxBytes) {
			refuse(request, response, raw.count);
			return;
		}
		chain.doFilter(new Buffered(request, body, gzip), response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, long alreadyRead)
			throws IOException {
		log.info("FHIR {} request refused: body over the limit of {} bytes", request.getMethod(), maxBytes);
		drain(request, alreadyRead);
		answer(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, IssueType.TOOLONG,
				"The request body is too large: this server accepts at most " + size() + " (" + maxBytes
						+ " bytes). Send large images at a lower resolution.",
				"请求体过大：本服务器最多接受 " + size() + "（" + maxBytes + " 字节）。请降低图片分辨率后重新发送。");
	}

	private void answer(HttpServletRequest request, HttpServletResponse response, int status, IssueType type,
			String english, String chinese) throws IOException {
		OperationOutcome outcome = Issues.outcome(null, type, english(request) ? english : chinese);
		boolean xml = xml(request);
		IParser parser = xml ? context.newXmlParser() : context.newJsonParser();
		byte[] body = parser.encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType((xml ? "application/fhir+xml" : "application/fhir+json") + ";charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/**
	 * Reads the rest of a refused body, before the answer, so that the client, which sends it all
	 * before it reads the answer, gets to the 413; but not past a bound: a body far over the limit is
	 * not worth the bandwidth, and the client may then see the connection closed. Before the answer,
	 * because once a non-2xx status is committed to a request with {@code Expect: 100-continue}
	 * Tomcat stops reading its body, and it has already answered "100 Continue" before the request
	 * reached any filter (its {@code continueResponseTiming} is {@code immediately}): that body is on
	 * its way.
	 */
	private void drain(HttpServletRequest request, long alreadyRead) {
		long declared = request.getContentLengthLong();
		if (declared > drainBytes) {
			return;
		}
		try {
			InputStream in = request.getInputStream();
			long left = drainBytes - alreadyRead;
			byte[] buffer = new byte[64 * 1024];
			int read;
			while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
				left -= read;
			}
		}
		catch (IOException | RuntimeException gone) {
			// the client went away: nothing left to drain
		}
	}

	private String size() {
		double mb = maxBytes / (1024.0 * 1024.0);
		return mb == Math.rint(mb) ? (long) mb + " MB" : String.format(Locale.ROOT, "%.1f MB", mb);
	}

	private static boolean gzip(HttpServletRequest request) {
		String encoding = request.getHeader("Content-Encoding");
		return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
	}

	/** Chinese unless the caller prefers English, as the other errors of the FHIR interface. */
	private static boolean english(HttpServletRequest request) {
		return Languages.isEnglish(Languages.of(request.getHeader("Accept-Language")));
	}

	/**
	 * XML when the caller asks for it ({@code _format} or {@code Accept}), as HAPI would answer. The
	 * query string is read as it is: {@code getParameter} could consume a form body.
	 */
	private static boolean xml(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query != null) {
			for (String pair : query.split("&")) {
				if (pair.startsWith("_format=")) {
					return URLDecoder.decode(pair.substring("_format=".length()), StandardCharsets.UTF_8).contains("xml");
				}
			}
		}
		String accept = request.getHeader("Accept");
		return accept != null && accept.contains("xml") && !accept.contains("json");
	}

	/** Counts the bytes read from the request. */
	private static final class Counting extends InputStream {

		private final InputStream in;

		long count;

		Counting(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count++;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = in.read(buffer, offset, length);
			if (read > 0) {
				count += read;
			}
			return read;
		}
	}

	/**
	 * The request with its body read into memory (and inflated, when it was gzip): the length is
	 * known now, and the Content-Encoding gone, so HAPI does not inflate it again.
	 */
	static final class Buffered extends HttpServletRequestWrapper {

		private static final List<String> HIDDEN = List.of("content-length", "transfer-encoding", "content-encoding");

		private final byte[] body;

		private final boolean inflated;

		private Map<String, String[]> parameters;

		Buffered(HttpServletRequest request, byte[] body, boolean inflated) {
			super(request);
			this.body = body;
			this.inflated = inflated;
		}

		/** The body as read, for a later filter that needs to look at it without reading it again. */
		byte[] body() {
			return body;
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
					throw new IllegalStateException("The body was read before the request reached the servlet.");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset()));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public String getHeader(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			if ("content-length".equals(lower)) {
				return Integer.toString(body.length);
			}
			if (HIDDEN.contains(lower) && ("transfer-encoding".equals(lower) || inflated)) {
				return null;
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			String value = getHeader(name);
			if (HIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
				return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames())
				.stream()
				.filter(n -> getHeader(n) != null)
				.toList();
			if (names.stream().noneMatch("content-length"::equalsIgnoreCase)) {
				names = new ArrayList<>(names);
				names.add("Content-Length");
			}
			return Collections.enumeration(names);
		}

		// A form body (a search by POST) was read here, so the container cannot parse it any more.

		@Override
		public String getParameter(String name) {
			String[] values = getParameterMap().get(name);
			return values == null || values.length == 0 ? null : values[0];
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(getParameterMap().keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			String[] values = getParameterMap().get(name);
			return values == null ? null : values.clone();
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			if (parameters == null) {
				String contentType = getContentType();
				if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
					parameters = super.getParameterMap();
				}
				else {
					Map<String, List<String>> all = new LinkedHashMap<>();
					parse(getQueryString(), StandardCharsets.UTF_8, all);
					parse(new String(body, charset()), charset(), all);
					Map<String, String[]> map = new LinkedHashMap<>();
					all.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
					parameters = Collections.unmodifiableMap(map);
				}
			}
			return parameters;
		}

		private static void parse(String encoded, Charset charset, Map<String, List<String>> into) {
			if (encoded == null || encoded.isEmpty()) {
				return;
			}
			for (String pair : encoded.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				try {
					String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
					String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
					into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
				}
				catch (IllegalArgumentException malformed) {
					// as the container does: a parameter it cannot decode is left out
				}
			}
		}

		private Charset charset() {
			String encoding = getCharacterEncoding();
			try {
				return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			}
			catch (RuntimeException unknown) {
				return StandardCharsets.UTF_8;
			}
		}
	}
}
