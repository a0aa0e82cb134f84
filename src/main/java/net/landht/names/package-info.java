/**
 * The Jami name server: maps usernames to Jami IDs (and back) as jamid's {@code NameDirectory} expects, on SQLite in
 * the state folder. No Netty types and no DHT: {@link net.landht.names.NameService} takes the parts of an HTTP
 * request and returns a status and a JSON body, so the LAN HTTP service plugs it in with a thin adapter.
 *
 * <p>Protocol facts: {@code shared/protocol/name-server.md} (jami-daemon src/jamidht/namedirectory.cpp,
 * archive_account_manager.cpp; the official server savoirfairelinux/jami-nameservice index.js).
 */
package net.landht.names;
