package io.shouhu.casework;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;

/**
 * Storage conversions for casework's typed identifiers: each is stored as its plain string, so ids
 * stay readable in the database and queries match on them. The application registers these with
 * the store.
 */
public final class CaseworkConversions {

	private CaseworkConversions() {
	}

	/** The converters to register, reading and writing. */
	public static List<GenericConverter> all() {
		return List.of(write(ReportId.class, ReportId::value), read(ReportId.class, ReportId::new),
				write(JurisdictionId.class, JurisdictionId::value), read(JurisdictionId.class, JurisdictionId::new),
				write(HospitalId.class, HospitalId::value), read(HospitalId.class, HospitalId::new),
				write(WorkstationId.class, WorkstationId::value), read(WorkstationId.class, WorkstationId::new),
				write(UserId.class, UserId::value), read(UserId.class, UserId::new),
				write(CaseId.class, CaseId::value), read(CaseId.class, CaseId::new),
				write(TaskId.class, TaskId::value), read(TaskId.class, TaskId::new));
	}

	private static <T> GenericConverter write(Class<T> type, Function<T, String> value) {
		return new Writer<>(type, value);
	}

	private static <T> GenericConverter read(Class<T> type, Function<String, T> create) {
		return new Reader<>(type, create);
	}

	@WritingConverter
	private record Writer<T>(Class<T> type, Function<T, String> value)
			implements GenericConverter {

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return java.util.Set.of(new ConvertiblePair(type, String.class));
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object convert(Object source, TypeDescriptor sourceType,
				TypeDescriptor targetType) {
			return source == null ? null : value.apply((T) source);
		}
	}

	@ReadingConverter
	private record Reader<T>(Class<T> type, Function<String, T> create)
			implements GenericConverter {

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return java.util.Set.of(new ConvertiblePair(String.class, type));
		}

		@Override
		public Object convert(Object source, TypeDescriptor sourceType,
				TypeDescriptor targetType) {
			return source == null ? null : create.apply((String) source);
		}
	}
}
