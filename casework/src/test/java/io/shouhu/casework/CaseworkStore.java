package io.shouhu.casework;

import java.net.InetSocketAddress;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;

/**
 * A real MongoDB-wire store in memory with casework's conversions, for tests that must see what the
 * documents really do (unique indexes, typed ids stored as strings).
 */
final class CaseworkStore implements AutoCloseable {

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final MongoClient client;

	final MongoTemplate mongo;

	final GridFsTemplate gridFs;

	/** The keys personal data is encrypted with, as the application's keyset file holds them. */
	final PersonalDataKeys keys = PersonalDataKeys.generated();

	final PersonalDataEncryption encryption = new PersonalDataEncryption(keys);

	CaseworkStore() {
		server.bind();
		InetSocketAddress address = server.getLocalAddress();
		client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
		SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, "casework");
		MongoCustomConversions conversions = new MongoCustomConversions(List.copyOf(CaseworkConversions.all()));
		MongoMappingContext mapping = new MongoMappingContext();
		mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		mapping.afterPropertiesSet();
		MappingMongoConverter converter = new MappingMongoConverter(new DefaultDbRefResolver(factory), mapping);
		converter.setCustomConversions(conversions);
		converter.afterPropertiesSet();
		mongo = new MongoTemplate(factory, converter);
		// As in the application: the mapping events that encrypt and decrypt personal data.
		GenericApplicationContext listeners = new GenericApplicationContext();
		listeners.registerBean(PersonalDataEncryption.class, () -> encryption);
		listeners.refresh();
		mongo.setApplicationContext(listeners);
		gridFs = new GridFsTemplate(factory, converter);
	}

	@Override
	public void close() {
		client.close();
		server.shutdownNow();
	}
}
