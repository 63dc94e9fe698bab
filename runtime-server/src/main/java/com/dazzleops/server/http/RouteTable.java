package com.dazzleops.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Registers routes on Javalin and remembers their templates, so the 404 handler can answer a trailing-slash variant
 * of a real route with Starlette's 307 redirect (and only then).
 */
public final class RouteTable {

    private final RoutesConfig routes;
    private final List<Pattern> templates;

    public RouteTable(RoutesConfig routes, List<Pattern> sink) {
        this.routes = routes;
        this.templates = sink;
    }

    public static List<Pattern> newSink() {
        return new CopyOnWriteArrayList<>();
    }

    public RouteTable get(String path, Handler h) {
        return add(HandlerType.GET, path, h);
    }

    public RouteTable post(String path, Handler h) {
        return add(HandlerType.POST, path, h);
    }

    public RouteTable put(String path, Handler h) {
        return add(HandlerType.PUT, path, h);
    }

    public RouteTable patch(String path, Handler h) {
        return add(HandlerType.PATCH, path, h);
    }

    public RouteTable delete(String path, Handler h) {
        return add(HandlerType.DELETE, path, h);
    }

    public RouteTable add(HandlerType type, String path, Handler h) {
        routes.addHttpHandler(type, path, h);
        templates.add(toPattern(path));
        return this;
    }

    static Pattern toPattern(String template) {
        String re = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        return Pattern.compile(re);
    }

    /** True when {@code path} matches a registered template. */
    public static boolean matches(List<Pattern> templates, String path) {
        for (Pattern p : templates) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }
}
