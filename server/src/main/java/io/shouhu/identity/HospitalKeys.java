package io.shouhu.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.springframework.core.io.Resource;

/**
 * The hospitals' registered public keys, from one JWKS. A key belongs to the client named by its
 * {@code kid}, optionally followed by {@code #} and a version (e.g. {@code hospital-01#2} while a key
 * is being rolled over).
 */
final class HospitalKeys {

	private final Map<String, List<JWK>> byClient;

	private HospitalKeys(List<JWK> keys) {
		this.byClient = keys.stream()
			.filter(key -> key.getKeyID() != null)
			.map(JWK::toPublicJWK)
			.collect(Collectors.groupingBy(key -> clientOf(key.getKeyID())));
	}

	static HospitalKeys load(Resource jwks) {
		try (InputStream in = jwks.getInputStream()) {
			return new HospitalKeys(JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getKeys());
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot read the hospital keys from " + jwks.getDescription(), ex);
		}
	}

	/** The client's public keys; empty when it has none registered here. */
	JWKSet of(String clientId) {
		return new JWKSet(byClient.getOrDefault(clientId, List.of()));
	}

	int clientCount() {
		return byClient.size();
	}

	private static String clientOf(String kid) {
		int version = kid.indexOf('#');
		return version < 0 ? kid : kid.substring(0, version);
	}
}
