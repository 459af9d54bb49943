package io.shouhu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.shouhu.bench.LoadRunner.Outcome;

/**
 * Starting the server jar for a benchmark that talks to it as a hospital, shared by the report-intake
 * benchmark ({@link Bench}) and the decision-support benchmark ({@link DecisionSupportBench}): the
 * HTTP client, the wait from process start to the first answer 200, the token endpoint from SMART
 * discovery, and hospital tokens fetched up front and renewed in the background.
 */
final class ServerStart {

	private ServerStart() {
	}

	/** HTTP/1.1 (as a HIS's FHIR client), 5 s to connect, no redirects. */
	static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Starts the server and makes {@code request} every 50 ms (it gets a token when it has none, then
	 * calls the server) until it is answered 200; returns the seconds from just before the process
	 * started. Fails when the process exits, after {@code timeout}, or after 20 refusals other than 503
	 * (the server is up but will not take what the benchmark sends). {@code what} names the request in
	 * the messages, e.g. "report".
	 */
	static double startAndAwaitFirst(ServerProcess server, Duration timeout, String what, Supplier<Outcome> request)
			throws Exception {
		long t0 = server.start();
		long deadline = t0 + timeout.toNanos();
		Outcome last = null;
		int refusals = 0;
		while (true) {
			if (!server.alive()) {
				throw new IllegalStateException("the server exited during start:\n" + server.logTail(40));
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"no accepted " + what + " within " + timeout + "; last: " + last + "\n" + server.logTail(40));
			}
			Outcome outcome = request.get();
			if (outcome.accepted()) {
				return (System.nanoTime() - t0) / 1e9;
			}
			last = outcome;
			if (outcome.status() > 0 && outcome.status() != 503 && ++refusals >= 20) {
				throw new IllegalStateException("the server refuses the benchmark's " + what + ": " + outcome);
			}
			Thread.sleep(50);
		}
	}

	/**
	 * After the start: the token endpoint SMART discovery names (the assertions' {@code aud} must match
	 * it), a token for each hospital now, and renewal in the background from here on.
	 */
	static void prepareTokens(HttpClient http, ServerProcess server, HospitalTokens tokens, Iterable<String> hospitals)
			throws Exception {
		String endpoint = tokenEndpoint(http, server.baseUrl());
		if (endpoint != null) {
			tokens.tokenEndpoint(endpoint);
		}
		for (String hospital : hospitals) {
			tokens.token(hospital);
		}
		tokens.startRenewing();
	}

	/** {@code token_endpoint} of {@code /fhir/.well-known/smart-configuration}, or {@code null}. */
	static String tokenEndpoint(HttpClient http, String base) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(base + "/fhir/.well-known/smart-configuration"))
						.timeout(Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				Object endpoint = JSONObjectUtils.parse(response.body()).get("token_endpoint");
				return endpoint == null ? null : endpoint.toString();
			}
		}
		catch (Exception ex) {
			System.err.println("SMART configuration not read: " + ex);
		}
		return null;
	}
}
