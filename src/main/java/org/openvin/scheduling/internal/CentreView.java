package org.openvin.scheduling.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/** The contract's centre object of calendar answers, field for field (pincode a JSON number). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CentreView(long center_id, String name, String name_l, String address, String address_l, String state_name,
                  String state_name_l, String district_name, String district_name_l, String block_name,
                  String block_name_l, long pincode, BigDecimal lat, @JsonProperty("long") BigDecimal lng, String from,
                  String to, String fee_type, List<SessionView> sessions, List<VaccineFee> vaccine_fees) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionView(String session_id, String date, int available_capacity, int available_capacity_dose1,
                       int available_capacity_dose2, Integer available_capacity_dose3, int min_age_limit,
                       Integer max_age_limit, boolean allow_all_age, String vaccine, List<String> slots) {
    }

    record VaccineFee(String vaccine, String fee) {
    }
}
