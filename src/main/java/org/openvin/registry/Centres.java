package org.openvin.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reading the registry: what other modules ask about centres. */
@Service
public class Centres {

    static final String COLUMNS = """
            id, name, address, state_id, district_id, block_name, pincode, lat, lng, opens_at, closes_at,
            fee_type, vaccine_fees::text AS vaccine_fees, active""";
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Integer>> FEES = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public Centres(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Centre> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM centre WHERE id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    public Map<Long, Centre> findAll(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM centre WHERE id = ANY(?)")
                .param(ids.toArray(Long[]::new))
                .query((rs, n) -> map(rs)).list().stream()
                .collect(Collectors.toMap(Centre::id, c -> c));
    }

    public List<Centre> inDistrict(int districtId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM centre WHERE district_id = ? ORDER BY name")
                .param(districtId).query((rs, n) -> map(rs)).list();
    }

    static Centre map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Centre(rs.getLong("id"), rs.getString("name"), rs.getString("address"), rs.getInt("state_id"),
                rs.getInt("district_id"), rs.getString("block_name"), rs.getString("pincode"),
                rs.getBigDecimal("lat"), rs.getBigDecimal("lng"), rs.getObject("opens_at", java.time.LocalTime.class),
                rs.getObject("closes_at", java.time.LocalTime.class), rs.getString("fee_type"),
                json.readValue(rs.getString("vaccine_fees"), FEES), rs.getBoolean("active"));
    }
}
