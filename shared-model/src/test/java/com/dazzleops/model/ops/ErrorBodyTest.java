package com.dazzleops.model.ops;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.errors.ValidationIssue;
import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The FastAPI error bodies, written by our server exactly as the fixtures (copied from the contract) show. */
class ErrorBodyTest {

    private static String fixture(String name) {
        return Fixtures.body("ops/errors/" + name).stripTrailing();
    }

    @Test
    void stringDetailsAreWrittenExactly() {
        assertThat(Wire.write(ErrorBody.of("Not Found"))).isEqualTo(fixture("not-found.json"));
        assertThat(Wire.write(ErrorBody.methodNotAllowed())).isEqualTo(fixture("method-not-allowed.json"));
        assertThat(Wire.write(ErrorBody.internalServerError())).isEqualTo(fixture("internal-server-error.json"));
        assertThat(Wire.write(ErrorBody.notAuthenticated())).isEqualTo(fixture("not-authenticated.json"));
    }

    @Test
    void validationFactoriesUsePydanticWording() {
        assertThat(Wire.write(ErrorBody.validation(ValidationIssue.greaterThanEqual("limit", "0", 1))))
                .isEqualTo(fixture("limit-ge.json"));
        assertThat(Wire.write(ErrorBody.validation(ValidationIssue.lessThanEqual("limit", "500", 100))))
                .isEqualTo(fixture("limit-le.json"));
        assertThat(Wire.write(ErrorBody.validation(ValidationIssue.intParsing("limit", "abc"))))
                .isEqualTo(fixture("limit-int-parsing.json"));
        assertThat(Wire.write(ErrorBody.validation(List.of(ValidationIssue.missing("group_id")))))
                .isEqualTo(fixture("missing.json"));
    }

    @Test
    void missingWritesInputNullAndNoCtx() {
        String json = Wire.write(ValidationIssue.missing("group_id"));
        assertThat(json).contains("\"input\":null").doesNotContain("ctx").doesNotContain("url");
    }

    @Test
    void validationBodyReadsBackIntoIssues() {
        ErrorBody body = Wire.read(fixture("limit-ge.json"), ErrorBody.class);
        assertThat(body.isValidation()).isTrue();
        assertThat(body.detailText()).isEmpty();
        List<ValidationIssue> issues = body.issues();
        assertThat(issues).hasSize(1);
        ValidationIssue i = issues.get(0);
        assertThat(i.type()).isEqualTo("greater_than_equal");
        assertThat(i.loc()).containsExactly("query", "limit");
        assertThat(i.input()).isEqualTo("0");
        assertThat(i.ctx()).isEqualTo(Map.of("ge", 1));
        assertThat(i).isEqualTo(ValidationIssue.greaterThanEqual("limit", "0", 1));
        assertThat(body.describe()).isEqualTo("limit: Input should be greater than or equal to 1");
    }

    @Test
    void stringDetailReadsAsText() {
        ErrorBody body = Wire.read(fixture("not-found.json"), ErrorBody.class);
        assertThat(body.detailText()).contains("Not Found");
        assertThat(body.isValidation()).isFalse();
        assertThat(body.issues()).isEmpty();
    }

    @Test
    void pathParameterIssue() {
        ValidationIssue i = ValidationIssue.intParsing("entity_id", "x").inPath();
        assertThat(i.loc()).containsExactly("path", "entity_id");
        assertThat(i.ctx()).isNull();
    }

    @Test
    void unknownDetailShapeIsKeptNotLost() {
        ErrorBody body = Wire.read("{\"detail\":{\"code\":7}}", ErrorBody.class);
        assertThat(body.describe()).isEqualTo("{\"code\":7}");
        assertThat(Wire.read("{}", ErrorBody.class).detail().isNull()).isTrue();
    }
}
