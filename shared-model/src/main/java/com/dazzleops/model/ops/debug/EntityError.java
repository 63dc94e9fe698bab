package com.dazzleops.model.ops.debug;

import java.util.regex.Pattern;

/**
 * The HTTP-200 error bodies of {@code GET /_dazzle/entity/{entity_name}} (wire-ops §2.6):
 * {@code {"error":"Invalid entity name"}} when the name is not an identifier, {@code {"error":"Entity not found:
 * <name>"}} when no entity has that exact (case-sensitive) name. Read as {@link EntityDetail}, such a body is an
 * {@code APP_ERROR}.
 *
 * @param error the message
 */
public record EntityError(String error) {

    /** What Dazzle accepts as an entity name before looking it up. */
    public static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    public static EntityError invalidName() {
        return new EntityError("Invalid entity name");
    }

    public static EntityError notFound(String entityName) {
        return new EntityError("Entity not found: " + entityName);
    }

    /** The error for a requested name that has no entity: invalid-name or not-found, as Dazzle decides. */
    public static EntityError forMissing(String entityName) {
        return VALID_NAME.matcher(entityName).matches() ? notFound(entityName) : invalidName();
    }
}
