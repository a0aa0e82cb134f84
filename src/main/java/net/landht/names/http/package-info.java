/**
 * The name server ({@code net.landht.names}) on the LAN HTTP port: {@link net.landht.names.http.NamesHttpService}
 * hands {@code /name/} and {@code /addr/} requests to a bounded worker pool, off the connection's event loop, and
 * writes the {@link net.landht.names.NameResponse} back; on a secondary ({@code names.primary}),
 * {@link net.landht.names.http.ForwardingHttpService} hands them to the {@link net.landht.names.NameForwarder}.
 * Depends on {@code names} and {@code http}; neither depends on it.
 */
package net.landht.names.http;
