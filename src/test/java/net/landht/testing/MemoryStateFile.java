package net.landht.testing;

import java.util.concurrent.atomic.AtomicReference;

import net.landht.proxy.StateFile;

/** Tests only: a {@link StateFile} in memory; {@link #saved} is what was last saved (or set by the test). */
public final class MemoryStateFile implements StateFile {
    public final AtomicReference<byte[]> saved = new AtomicReference<>();

    @Override
    public byte[] load() {
        return saved.get();
    }

    @Override
    public void save(byte[] bytes) {
        saved.set(bytes);
    }
}
