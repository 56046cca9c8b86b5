package dev.squall.server.http;

/** One registered route: its method and full path, who may call it, and for users what permission it needs. */
public record RouteInfo(String method, String path, Access access, Permission permission) {}
