package io.shouhu.casework;

import java.util.List;
import java.util.function.Function;

import org.springframework.core.convert.converter.Converter;
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
	public static List<Converter<?, ?>> all() {
		return List.of(write(ReportId.class, ReportId::value), read(ReportId.class, ReportId::new),
				write(JurisdictionId.class, JurisdictionId::value), read(JurisdictionId.class, JurisdictionId::new),
				write(HospitalId.class, HospitalId::value), read(HospitalId.class, HospitalId::new),
				write(WorkstationId.class, WorkstationId::value), read(WorkstationId.class, WorkstationId::new),
				write(UserId.class, UserId::value), read(UserId.class, UserId::new));
	}

	private static <T> Converter<T, String> write(Class<T> type, Function<T, String> value) {
		return new Writer<>(type, value);
	}

	private static <T> Converter<String, T> read(Class<T> type, Function<String, T> create) {
		return new Reader<>(type, create);
	}

	@WritingConverter
	private record Writer<T>(Class<T> type, Function<T, String> value)
			implements Converter<T, String>, org.springframework.core.convert.converter.GenericConverter {

		@Override
		public String convert(T source) {
			return value.apply(source);
		}

		@Override
		public java.util.Set<ConvertiblePair> getConvertibleTypes() {
			return java.util.Set.of(new ConvertiblePair(type, String.class));
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object convert(Object source, org.springframework.core.convert.TypeDescriptor sourceType,
				org.springframework.core.convert.TypeDescriptor targetType) {
			return source == null ? null : value.apply((T) source);
		}
	}

	@ReadingConverter
	private record Reader<T>(Class<T> type, Function<String, T> create)
			implements Converter<String, T>, org.springframework.core.convert.converter.GenericConverter {

		@Override
		public T convert(String source) {
			return create.apply(source);
		}

		@Override
		public java.util.Set<ConvertiblePair> getConvertibleTypes() {
			return java.util.Set.of(new ConvertiblePair(String.class, type));
		}

		@Override
		public Object convert(Object source, org.springframework.core.convert.TypeDescriptor sourceType,
				org.springframework.core.convert.TypeDescriptor targetType) {
			return source == null ? null : create.apply((String) source);
		}
	}
}
