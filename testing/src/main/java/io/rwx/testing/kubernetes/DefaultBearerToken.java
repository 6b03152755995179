package io.rwx.testing.kubernetes;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * RestAssured filter: a request of a test that names no {@code Authorization} header is sent with the test
 * admin's bearer token ({@link ApiServerResource#ADMIN_TOKEN}); a test of access control sets its own header (an
 * empty one is anonymous).
 */
final class DefaultBearerToken implements Filter {

    private static final DefaultBearerToken INSTANCE = new DefaultBearerToken();

    static synchronized void install() {
        if (!RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + ApiServerResource.ADMIN_TOKEN);
        }
        return context.next(request, response);
    }
}
