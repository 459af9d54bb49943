package io.shouhu.logging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.stream.XMLStreamException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.xml.sax.SAXException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLogFormatterFactory;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.MockHttpInputMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The log format with real Logback events: every line is one JSON object, ids stay, and personal data
 * (in the message, the MDC, and above all in exceptions from parsers that quote the request) does not.
 */
class MaskingJsonFormatterTests {

	static final String ID_NUMBER = "11010520140307002X";

	static final String MOBILE = "13912345678";

	static final String EMAIL = "parent@example.org";

	static final String NAME = "王小明";

	static final List<String> PERSONAL = List.of(ID_NUMBER, MOBILE, EMAIL, NAME);

	/** Request content as a hospital might send it. */
	static final String CONTENT = "{\"name\":\"" + NAME + "\",\"idCard\":\"" + ID_NUMBER + "\",\"phone\":\"" + MOBILE
			+ "\",\"email\":\"" + EMAIL + "\"}";

	static final Logger logger;

	static {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		logger = context.getLogger("io.shouhu.fhir.Intake");
	}

	final MaskingJsonFormatter formatter = new MaskingJsonFormatter();

	final ObjectMapper mapper = new ObjectMapper();

	@Test
	void eachEventIsOneLineOfJsonWithItsMembers() {
		LoggingEvent event = event(Level.WARN, "report {} refused\nforged: line", null, "r-123");
		event.setMDCPropertyMap(Map.of("report", "r-123", "traceId", "4bf92f3577b34da6"));
		event.addKeyValuePair(new KeyValuePair("case", "LW-2026-000001"));
		event.addMarker(MarkerFactory.getMarker("AUDIT"));
		String line = formatter.format(event);

		assertThat(line).endsWith("}\n").containsOnlyOnce("\n");
		JsonNode json = mapper.readTree(line);
		assertThat(json.get("@timestamp").asString()).isEqualTo(event.getInstant().toString());
		assertThat(json.get("level").asString()).isEqualTo("WARN");
		assertThat(json.get("logger").asString()).isEqualTo("io.shouhu.fhir.Intake");
		assertThat(json.get("thread").asString()).isEqualTo(Thread.currentThread().getName());
		assertThat(json.get("message").asString()).isEqualTo("report r-123 refused\nforged: line");
		assertThat(json.get("report").asString()).isEqualTo("r-123");
		assertThat(json.get("traceId").asString()).isEqualTo("4bf92f3577b34da6");
		assertThat(json.get("case").asString()).isEqualTo("LW-2026-000001");
		assertThat(json.get("tags").get(0).asString()).isEqualTo("AUDIT");
		assertThat(json.has("error")).isFalse();
	}

	@Test
	void theMessageKeepsIdsAndLosesPersonalData() {
		String line = formatter.format(event(Level.INFO, "report {} joined case {}: child {}, guardian {} <{}>, {}",
				null, "r-123", "LW-2026-000001", ID_NUMBER, MOBILE, EMAIL, "+86 139 1234 5678"));

		String message = mapper.readTree(line).get("message").asString();
		assertThat(message).isEqualTo("report r-123 joined case LW-2026-000001: child [masked], guardian [masked] "
				+ "<[masked]>, +86 [masked]");
		assertNoPersonalData(line);
	}

	@Test
	void mdcAndKeyValuesAreMaskedToo() {
		LoggingEvent event = event(Level.INFO, "report received", null);
		event.setMDCPropertyMap(Map.of("report", "r-123", "caller", MOBILE, "message", "not ours"));
		event.addKeyValuePair(new KeyValuePair("child", ID_NUMBER));
		event.addKeyValuePair(new KeyValuePair("contact", EMAIL));
		String line = formatter.format(event);

		JsonNode json = mapper.readTree(line);
		assertThat(json.get("report").asString()).isEqualTo("r-123");
		assertThat(json.get("caller").asString()).isEqualTo("[masked]");
		assertThat(json.get("child").asString()).isEqualTo("[masked]");
		assertThat(json.get("message").asString()).as("an MDC entry cannot replace a member of ours")
			.isEqualTo("report received");
		assertNoPersonalData(line);
	}

	static Stream<Arguments> exceptionsQuotingTheRequest() throws Exception {
		List<Arguments> cases = new ArrayList<>();
		DataFormatException hapi = hapiParseFailure();
		tools.jackson.core.JacksonException jackson3 = jackson3ParseFailure();
		com.fasterxml.jackson.core.JacksonException jackson2 = jackson2ParseFailure();
		HttpMessageNotReadableException converter = new HttpMessageNotReadableException(
				"JSON parse error: " + jackson3.getMessage(), jackson3,
				new MockHttpInputMessage(CONTENT.getBytes(StandardCharsets.UTF_8)));
		cases.add(arguments("HAPI", hapi, List.of(DataFormatException.class)));
		cases.add(arguments("Jackson 3", jackson3, List.of(jackson3.getClass())));
		cases.add(arguments("Jackson 2", jackson2, List.of(jackson2.getClass())));
		cases.add(arguments("Spring MVC", converter,
				List.of(HttpMessageNotReadableException.class, jackson3.getClass())));
		cases.add(arguments("SAX", new SAXException("Content is not allowed in prolog: " + CONTENT),
				List.of(SAXException.class)));
		cases.add(arguments("StAX", new XMLStreamException("Unexpected character in " + CONTENT),
				List.of(XMLStreamException.class)));
		cases.add(arguments("IllegalArgumentException",
				new IllegalArgumentException("not a date: " + CONTENT, new NumberFormatException(CONTENT)),
				List.of(IllegalArgumentException.class, NumberFormatException.class)));
		IllegalStateException withSuppressed = new IllegalStateException("transaction failed for " + NAME, hapi);
		withSuppressed.addSuppressed(new DataFormatException("HAPI-1821: Invalid date: " + ID_NUMBER));
		cases.add(arguments("causes and suppressed", withSuppressed,
				List.of(IllegalStateException.class, DataFormatException.class)));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("exceptionsQuotingTheRequest")
	void exceptionsLoseTheRequestContentAndKeepTypesAndFrames(String source, Throwable thrown, List<Class<?>> types) {
		assertThat(printed(thrown)).as("the exception quotes the request").contains(NAME);
		String line = formatter.format(event(Level.ERROR, "report r-123 refused", thrown));

		assertNoPersonalData(line);
		JsonNode error = mapper.readTree(line).get("error");
		assertThat(error.get("type").asString()).isEqualTo(thrown.getClass().getName());
		assertThat(error.get("message").asString()).isEqualTo("[masked]");
		String trace = error.get("stack_trace").asString();
		assertThat(trace).startsWith(thrown.getClass().getName() + ": [masked]\n\tat ");
		for (Class<?> type : types) {
			assertThat(trace).contains(type.getName());
		}
		assertThat(trace).contains("\tat " + MaskingJsonFormatterTests.class.getName() + ".");
		assertThat(mapper.readTree(line).get("message").asString()).isEqualTo("report r-123 refused");
	}

	@Test
	void suppressedExceptionsAreWrittenMaskedToo() {
		IllegalStateException failed = new IllegalStateException("transaction failed");
		failed.addSuppressed(new DataFormatException("HAPI-1821: Invalid date: " + NAME));
		String line = formatter.format(event(Level.ERROR, "transaction refused", failed));

		assertNoPersonalData(line);
		assertThat(mapper.readTree(line).get("error").get("stack_trace").asString())
			.contains("\n\tSuppressed: " + DataFormatException.class.getName() + ": [masked]\n\t\tat ");
	}

	@Test
	void anIOExceptionKeepsItsMessageButNotTheExceptionTextItQuotes() {
		com.fasterxml.jackson.core.JacksonException jackson2 = jackson2ParseFailure();
		IOException wrapper = new IOException(jackson2.toString(), jackson2);
		String line = formatter.format(event(Level.ERROR, "report r-123 refused", wrapper));

		assertNoPersonalData(line);
		JsonNode error = mapper.readTree(line).get("error");
		assertThat(error.get("message").asString()).isEqualTo(jackson2.getClass().getName() + ": [masked]");
		assertThat(error.get("stack_trace").asString())
			.startsWith("java.io.IOException: " + jackson2.getClass().getName() + ": [masked]\n\tat ")
			.contains("Caused by: " + jackson2.getClass().getName() + ": [masked]\n\tat ");
	}

	@Test
	void aMessageRepeatingTheExceptionLosesItToo() throws Exception {
		tools.jackson.core.JacksonException jackson3 = jackson3ParseFailure();
		DataFormatException hapi = new DataFormatException(
				"HAPI-1861: Failed to parse JSON encoded FHIR content: " + jackson3.getMessage(), jackson3);
		String line = formatter.format(event(Level.WARN, "report {} refused: {} ({})", hapi, "r-123", hapi.getMessage(),
				jackson3.getOriginalMessage()));

		assertNoPersonalData(line);
		assertThat(mapper.readTree(line).get("message").asString()).startsWith("report r-123 refused: [masked]");
	}

	@Test
	void exceptionTextWrittenIntoTheMessageIsMasked() throws Exception {
		HttpMessageNotReadableException converter = new HttpMessageNotReadableException(
				"JSON parse error: " + jackson3ParseFailure().getMessage(),
				new MockHttpInputMessage(CONTENT.getBytes(StandardCharsets.UTF_8)));
		// As Spring's DefaultHandlerExceptionResolver logs it: no throwable, only text.
		String line = formatter.format(event(Level.WARN, "Resolved [" + converter + "]", null));

		assertNoPersonalData(line);
		assertThat(mapper.readTree(line).get("message").asString())
			.isEqualTo("Resolved [" + HttpMessageNotReadableException.class.getName() + ": [masked]]");
	}

	@Test
	void hapiMessagesWrittenIntoTheMessageKeepOnlyTheirCodes() {
		DataFormatException hapi = hapiParseFailure();
		String line = formatter.format(event(Level.INFO, "FHIR request failed with HTTP {}: {}", null, 400,
				"HAPI-0450: Failed to parse request body as JSON resource. Error was: " + hapi.getMessage()));

		assertNoPersonalData(line);
		assertThat(mapper.readTree(line).get("message").asString())
			.isEqualTo("FHIR request failed with HTTP 400: HAPI-0450: [masked] " + hapi.getMessage().substring(0, 10)
					+ " [masked]");
	}

	@Test
	void messagesOfNetworkExceptionsStayWithTheirPersonalDataMasked() {
		ConnectException refused = new ConnectException("Connection refused: " + MOBILE);
		String line = formatter.format(event(Level.WARN, "push failed", new IllegalStateException(NAME, refused)));

		assertNoPersonalData(line);
		JsonNode error = mapper.readTree(line).get("error");
		assertThat(error.get("stack_trace").asString())
			.contains("Caused by: java.net.ConnectException: Connection refused: [masked]\n");
	}

	@Test
	void exceptionsWithoutMessagesAndCyclicCausesAreWritten() {
		RuntimeException first = new RuntimeException();
		IllegalStateException second = new IllegalStateException(NAME, first);
		first.initCause(second);
		String line = formatter.format(event(Level.ERROR, "cycle", first));

		assertNoPersonalData(line);
		JsonNode error = mapper.readTree(line).get("error");
		assertThat(error.has("message")).isFalse();
		assertThat(error.get("stack_trace").asString()).startsWith("java.lang.RuntimeException\n\tat ")
			.contains("Caused by: java.lang.IllegalStateException: [masked]\n")
			.contains("[CIRCULAR REFERENCE: java.lang.RuntimeException]");
	}

	@Test
	void controlCharactersAreEscaped() {
		String line = formatter.format(event(Level.INFO, "a\u001b[31mb\u0000c\u0085d\"e\\f\tg", null));

		assertThat(line).doesNotContain("\u001b").doesNotContain("\u0000").doesNotContain("\u0085");
		assertThat(mapper.readTree(line).get("message").asString()).isEqualTo("a\u001b[31mb\u0000c\u0085d\"e\\f\tg");
	}

	@Test
	void bootCreatesItByTheNameInTheConfiguration() {
		StructuredLogFormatterFactory<ILoggingEvent> factory = new StructuredLogFormatterFactory<>(ILoggingEvent.class,
				new MockEnvironment(), (parameters) -> {
				}, (formatters) -> {
				});
		StructuredLogFormatter<ILoggingEvent> created = factory.get(MaskingJsonFormatter.class.getName());

		assertThat(created).isInstanceOf(MaskingJsonFormatter.class);
	}

	@Test
	void theServerLogsInThisFormat() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
				new ClassPathResource("application.yml"));

		assertThat(sources).hasSize(1);
		assertThat(sources.get(0).getProperty("logging.structured.format.console"))
			.isEqualTo(MaskingJsonFormatter.class.getName());
		assertThat(sources.get(0).getProperty("logging.structured.format.file"))
			.isEqualTo(MaskingJsonFormatter.class.getName());
	}

	void assertNoPersonalData(String line) {
		assertThat(line).endsWith("}\n").containsOnlyOnce("\n");
		for (String personal : PERSONAL) {
			assertThat(line).as("the log line carries no personal data").doesNotContain(personal);
		}
	}

	static String printed(Throwable thrown) {
		StringWriter printed = new StringWriter();
		thrown.printStackTrace(new PrintWriter(printed));
		return printed.toString();
	}

	static LoggingEvent event(Level level, String message, Throwable thrown, Object... arguments) {
		return new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, arguments);
	}

	static DataFormatException hapiParseFailure() {
		String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + NAME + "\"}],\"identifier\":[{"
				+ "\"value\":\"" + ID_NUMBER + "\"}],\"telecom\":[{\"value\":\"" + MOBILE + "\"},{\"value\":\"" + EMAIL
				+ "\"}],\"birthDate\":\"" + NAME + "\"}";
		try {
			FhirContext.forR4Cached()
				.newJsonParser()
				.setParserErrorHandler(new StrictErrorHandler())
				.parseResource(patient);
		}
		catch (DataFormatException ex) {
			return ex;
		}
		throw new AssertionError("HAPI parsed an invalid birth date");
	}

	static tools.jackson.core.JacksonException jackson3ParseFailure() {
		try {
			new ObjectMapper().readValue("{\"age\": \"" + NAME + " " + ID_NUMBER + " " + MOBILE + " " + EMAIL + "\"}",
					Age.class);
		}
		catch (tools.jackson.core.JacksonException ex) {
			return ex;
		}
		throw new AssertionError("Jackson 3 read a name as a number");
	}

	static com.fasterxml.jackson.core.JacksonException jackson2ParseFailure() {
		try {
			new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"name\": " + NAME + ID_NUMBER + MOBILE + "}");
		}
		catch (com.fasterxml.jackson.core.JacksonException ex) {
			return ex;
		}
		throw new AssertionError("Jackson 2 read a bare name");
	}

	record Age(int age) {
	}

}
