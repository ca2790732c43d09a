package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A transaction PostgreSQL undid because of another one at the same moment is the caller's
 * "try again" (503, Retry-After), not a 500: nothing was saved and the same request may be sent
 * again. Other database failures keep their answers.
 */
class ApiErrorHandlerTest {

    private final ApiErrorHandler handler = new ApiErrorHandler();

    @Test
    void aTransactionUndoneByAnotherIsTryAgain() throws Exception {
        for (DataAccessException undone : new DataAccessException[]{
                new PessimisticLockingFailureException("booking", new SQLException("deadlock detected", "40P01")),
                new PessimisticLockingFailureException("booking", new SQLException("could not serialize access", "40001")),
                new UncategorizedSQLException("booking", "WITH …", new SQLException(
                        "ERROR: new multixact has more than one updating member: 0 7[13302 (keysh)]", "XX000"))}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            ResponseEntity<ApiError> answer = handler.database(undone, api(), response);
            assertThat(answer.getStatusCode().value()).as(undone.getMessage()).isEqualTo(503);
            assertThat(answer.getBody().errorCode()).isEqualTo("TRY_AGAIN");
            assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        }
    }

    @Test
    void otherDatabaseFailuresKeepTheirAnswers() throws Exception {
        ResponseEntity<ApiError> tooLong = handler.database(new UncategorizedSQLException("x", "INSERT …",
                new SQLException("value too long for type character varying(50)", "22001")), api(), new MockHttpServletResponse());
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody().errorCode()).isEqualTo("INVALID_VALUE");

        MockHttpServletResponse response = new MockHttpServletResponse();
        ResponseEntity<ApiError> internal = handler.database(new UncategorizedSQLException("x", "SELECT …",
                new SQLException("could not open file", "XX000")), api(), response);
        assertThat(internal.getStatusCode().value()).isEqualTo(500);
        assertThat(internal.getBody().errorCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(response.getHeader("Retry-After")).isNull();
    }

    private static MockHttpServletRequest api() {
        return new MockHttpServletRequest("POST", "/api/v2/appointment/schedule");
    }
}
