package io.vigil.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

/**
 * The key to entry table: open addressing with linear probing over a power-of-two array of immutable
 * {@link Entry} references, held in chunks.
 * <p>
 * <b>Threading.</b> One writer thread calls the mutating methods ({@link #put}, {@link #remove}, {@link #clear},
 * {@link #sampleExpired}); they are not threadsafe. Any number of threads call the read methods ({@link #get},
 * {@link #scan}, {@link #randomEntry}, {@link #size}, {@link #forEach}) concurrently with the writer. Readers never
 * lock and never wait for the writer:
 * <ul>
 *     <li>slots are published with release stores and read with acquire loads, and entries are immutable, so a reader
 *     sees a whole entry or the previous one, never a torn one;</li>
 *     <li>a delete leaves a tombstone rather than a null, so the probe chain of every other key stays intact and a
 *     concurrent reader never misses a live key because of an unrelated delete;</li>
 *     <li>growth builds a complete new array and publishes it with one volatile store. The old array is never
 *     written again, so a reader still walking it sees a consistent, slightly older, table.</li>
 * </ul>
 * The table keeps (live + tombstones) at or below half the slots, so every probe ends at a null slot within a lap.
 * <p>
 * <b>Chunks, and the collector.</b> Each write stores a new entry, a young object, into the table, a large
 * long-lived one. A generational collector must remember every old object that refers to a young one: on Java 17's
 * G1 the store's barrier runs a StoreLoad fence, dirties the table's 512-byte card, and a concurrent refinement thread
 * rescans that card. With writes to random keys that is one card scan, of 128 references, per write, taking a second
 * core's worth of CPU at a few million writes per second (benchmarks/README.md, "The JVM and the collector").
 * Stores into a young object cost the collector nothing. So the slots are held in chunks of at most {@link #MAX_CHUNK_SLOTS}, small enough to be
 * allocated young, and under G1 the writer keeps the chunks it writes young: after each collection (it reads the
 * collectors' counts every {@link #STORES_PER_COLLECTION_CHECK} stores) it replaces a chunk by a fresh copy the first
 * time it writes to it. The old copy is never written again; a reader that loaded it sees that chunk as it was at the
 * copy, as a reader walking a table that a resize replaced does. Other collectors mark a card with a plain store and
 * scan it once per collection, so there the copies would only add work: the table is then one chunk, copied never
 * ({@link #YOUNG_CHUNKS}).
 */
public final class Keyspace
{
    static final int MIN_CAPACITY = 16;
    static final int MAX_CAPACITY = 1 << 30;
    /** Slots per chunk: 32 KiB of compressed references, far below the size G1 allocates outside the young generation. */
    static final int MAX_CHUNK_SLOTS = 1 << 13;

    /**
     * Stores between two reads of the collection counts: often enough that few writes after a collection go to a
     * chunk it may have promoted, rarely enough that the reads cost nothing per write.
     */
    static final int STORES_PER_COLLECTION_CHECK = 1024;
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    /**
     * Whether a keyspace keeps the chunks it writes young: true when this JVM runs G1, whose concurrent refinement
     * makes each store of a young entry into an old chunk cost a card scan.
     */
    static final boolean YOUNG_CHUNKS = usesG1();

    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(Entry[][].class);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Marks a deleted slot; never returned to callers. */
    static final Entry TOMBSTONE = Entry.of(new byte[0], 0, new byte[0], Entry.NO_EXPIRY, -1);

    private static final VarHandle PUBLISHED_SIZE;
    private static final VarHandle PUBLISHED_EXPIRES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED_SIZE = lookup.findVarHandle(Keyspace.class, "publishedSize", long.class);
            PUBLISHED_EXPIRES = lookup.findVarHandle(Keyspace.class, "publishedExpires", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * The slots, {@code chunks.length << shift} of them, as chunks of {@code 1 << shift}. Replaced whole by a resize;
     * a chunk is replaced by its copy with a release store.
     */
    private static final class Table
    {
        final Entry[][] chunks;
        final int shift;
        final int chunkMask;
        final int mask;
        /** The collection count, as {@link #collections}, when each chunk was last allocated. Writer-owned. */
        final long[] copiedAt;

        Table(final int capacity, final int maxChunkSlots, final long collections)
        {
            final int chunkSlots = Math.min(capacity, maxChunkSlots);
            shift = Integer.numberOfTrailingZeros(chunkSlots);
            chunkMask = chunkSlots - 1;
            mask = capacity - 1;
            chunks = new Entry[capacity >>> shift][];
            copiedAt = new long[chunks.length];
            for (int c = 0; c < chunks.length; c++)
            {
                chunks[c] = new Entry[chunkSlots];
                copiedAt[c] = collections;
            }
        }

        int capacity()
        {
            return mask + 1;
        }

        /** Any thread: the slot's entry, with acquire semantics. */
        Entry slot(final int i)
        {
            final Entry[] chunk = (Entry[])CHUNK.getAcquire(chunks, i >>> shift);
            return (Entry)SLOT.getAcquire(chunk, i & chunkMask);
        }

        /** Writer only. */
        Entry get(final int i)
        {
            return chunks[i >>> shift][i & chunkMask];
        }

        /** Writer only, on a table not yet published. */
        void set(final int i, final Entry e)
        {
            chunks[i >>> shift][i & chunkMask] = e;
        }
    }

    private volatile Table table;
    @SuppressWarnings("unused") // accessed through PUBLISHED_SIZE
    private long publishedSize;
    @SuppressWarnings("unused") // accessed through PUBLISHED_EXPIRES
    private long publishedExpires;

    // Writer-owned.
    private final boolean youngChunks;
    /** Collections run so far, as of the last check. */
    private long collections;
    private int storesSinceCheck;
    /** Chunks replaced by a copy so far. */
    private long chunkCopies;
    private int size;
    private int tombstones;
    private int expires;
    private int expireCursor;
    /** Sink for {@link #prefetch}'s loads, so the compiler cannot drop them. */
    @SuppressWarnings("unused")
    private int prefetched;

    /**
     * Create an empty keyspace.
     */
    public Keyspace()
    {
        this(MIN_CAPACITY);
    }

    /**
     * @param expectedKeys number of keys to size the table for without growing.
     */
    public Keyspace(final int expectedKeys)
    {
        this(expectedKeys, YOUNG_CHUNKS);
    }

    /**
     * @param expectedKeys number of keys to size the table for without growing.
     * @param youngChunks  whether to replace a chunk by a copy on its first write after a collection.
     */
    Keyspace(final int expectedKeys, final boolean youngChunks)
    {
        this.youngChunks = youngChunks;
        collections = youngChunks ? collections() : 0;
        table = new Table(capacityFor(expectedKeys), maxChunkSlots(), collections);
    }

    /**
     * Hash of a key as the table uses it: 64-bit multiply-xorshift over 8 bytes at a time, folded to 32 bits.
     *
     * @param key the key bytes.
     * @return the hash.
     */
    public static int hash(final byte[] key)
    {
        final int length = key.length;
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = mix(h ^ (long)LONG_LE.get(key, i));
        }
        if (i + 4 <= length)
        {
            h = mix(h ^ ((int)INT_LE.get(key, i) & 0xFFFF_FFFFL));
            i += 4;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (key[i] & 0xFFL) << shift;
        }
        h = mix(h ^ tail);
        return (int)(h ^ (h >>> 32));
    }

    private static long mix(final long x)
    {
        long h = x * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Readers: any thread.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Look a key up, including entries whose deadline has passed; callers decide visibility with
     * {@link Entry#isExpired(long)}.
     *
     * @param key the key.
     * @return the entry or null.
     */
    public Entry get(final byte[] key)
    {
        return get(key, hash(key));
    }

    /**
     * @param key  the key.
     * @param hash {@link #hash(byte[])} of the key.
     * @return the entry or null.
     */
    public Entry get(final byte[] key, final int hash)
    {
        final long w0 = Entry.word(key, 0);
        final long w1 = Entry.word(key, 8);
        final Table t = table;
        final int mask = t.mask;
        int i = hash & mask;
        Entry e;
        while ((e = t.slot(i)) != null)
        {
            if (e != TOMBSTONE && e.keyEquals(key, hash, w0, w1))
            {
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * Look a key up and hide it if its deadline has passed.
     *
     * @param key   the key.
     * @param nowMs current epoch time.
     * @return the live entry or null.
     */
    public Entry getLive(final byte[] key, final long nowMs)
    {
        final Entry e = get(key, hash(key));
        return e == null || e.isExpired(nowMs) ? null : e;
    }

    /**
     * @return number of keys stored, including those whose deadline passed but that are not yet deleted (as DBSIZE).
     */
    public long size()
    {
        return (long)PUBLISHED_SIZE.getAcquire(this);
    }

    /**
     * @return number of keys with a deadline (INFO keyspace {@code expires=}).
     */
    public long expiresCount()
    {
        return (long)PUBLISHED_EXPIRES.getAcquire(this);
    }

    /**
     * @return current number of slots.
     */
    public int capacity()
    {
        return table.capacity();
    }

    /**
     * One step of a SCAN-style iteration, with Redis's guarantee: a key present from the first call to the last is
     * returned at least once, across any number of resizes; a key may be returned more than once.
     * <p>
     * The cursor counts over home buckets in reverse-binary order, exactly as Redis's dictScan does, so growing or
     * shrinking the table between calls never skips a bucket. With linear probing every entry whose home bucket is
     * {@code b} lies in the run of non-null slots starting at {@code b}, so visiting a bucket walks that run.
     *
     * @param cursor   0 to start, then the value returned by the previous call.
     * @param count    how many buckets' worth of work to do, as SCAN's COUNT hint.
     * @param consumer receives each entry whose home bucket was visited, including logically expired ones.
     * @return the next cursor, 0 when the iteration is complete.
     */
    public long scan(final long cursor, final int count, final Consumer<Entry> consumer)
    {
        final Table t = table;
        final int mask = t.mask;
        long c = cursor;
        int visited = 0;
        final int maxBuckets = Math.max(1, count) * 10;
        int buckets = 0;
        do
        {
            final int bucket = (int)(c & mask);
            int i = bucket;
            Entry e;
            while ((e = t.slot(i)) != null)
            {
                if (e != TOMBSTONE && (e.hash & mask) == bucket)
                {
                    consumer.accept(e);
                    visited++;
                }
                i = (i + 1) & mask;
            }
            c = nextCursor(c, mask);
            buckets++;
        }
        while (c != 0 && visited < count && buckets < maxBuckets);
        return c;
    }

    static long nextCursor(final long cursor, final int mask)
    {
        // dict.c dictScan: set the unmasked bits so the increment of the reversed cursor carries into the masked bits.
        long c = cursor | ~(long)mask;
        c = Long.reverse(c);
        c++;
        return Long.reverse(c);
    }

    /**
     * Visit every entry of the table as it is now, each live slot once. Entries written after the call began may or
     * may not be seen. A concurrent resize does not affect the walk: it continues over the array it started with.
     *
     * @param consumer receives each entry, including logically expired ones.
     */
    public void forEach(final Consumer<Entry> consumer)
    {
        final Table t = table;
        final int capacity = t.capacity();
        for (int i = 0; i < capacity; i++)
        {
            final Entry e = t.slot(i);
            if (e != null && e != TOMBSTONE)
            {
                consumer.accept(e);
            }
        }
    }

    /**
     * @param random a random value.
     * @param nowMs  current epoch time; expired entries are skipped.
     * @return a random live entry, or null if there is none.
     */
    public Entry randomEntry(final long random, final long nowMs)
    {
        final Table t = table;
        final int mask = t.mask;
        int i = (int)random & mask;
        for (int n = 0; n <= mask; n++)
        {
            final Entry e = t.slot(i);
            if (e != null && e != TOMBSTONE && !e.isExpired(nowMs))
            {
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writer: one thread only.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Insert or overwrite a key. Writer thread only.
     *
     * @param key        the key; never modified, and kept by reference only if longer than 16 bytes.
     * @param hash       {@link #hash(byte[])} of the key.
     * @param value      the value; kept by reference and never modified.
     * @param expireAtMs deadline or {@link Entry#NO_EXPIRY}.
     * @param sequence   replication log position of the write.
     * @return the previous entry for the key, or null.
     */
    public Entry put(final byte[] key, final int hash, final byte[] value, final long expireAtMs, final long sequence)
    {
        final Entry entry = Entry.of(key, hash, value, expireAtMs, sequence);
        final long w0 = entry.key0;
        final long w1 = entry.key1;
        Table t = table;
        int mask = t.mask;
        int i = hash & mask;
        int firstTombstone = -1;
        Entry e;
        while ((e = t.get(i)) != null)
        {
            if (e == TOMBSTONE)
            {
                if (firstTombstone < 0)
                {
                    firstTombstone = i;
                }
            }
            else if (e.keyEquals(key, hash, w0, w1))
            {
                store(t, i, entry);
                final boolean had = e.expireAtMs != Entry.NO_EXPIRY;
                final boolean has = expireAtMs != Entry.NO_EXPIRY;
                if (had != has)
                {
                    expires += has ? 1 : -1;
                    PUBLISHED_EXPIRES.setRelease(this, (long)expires);
                }
                return e;
            }
            i = (i + 1) & mask;
        }

        if (firstTombstone >= 0)
        {
            store(t, firstTombstone, entry);
            tombstones--;
        }
        else
        {
            if (size + tombstones + 1 > (t.capacity() >>> 1))
            {
                t = rehash(capacityFor(size + 1));
                mask = t.mask;
                i = hash & mask;
                while (t.get(i) != null)
                {
                    i = (i + 1) & mask;
                }
            }
            store(t, i, entry);
        }
        size++;
        if (expireAtMs != Entry.NO_EXPIRY)
        {
            expires++;
        }
        publish();
        return null;
    }

    /**
     * Hash a batch of keys and load what their lookups will touch first (the home slot, the entry there and, for a
     * key longer than the entry holds in its own fields, the key array), before any of those lookups runs. Each
     * stage's loads are independent of one another, so the processor overlaps their cache misses instead of taking
     * them one after another as separate lookups would. The keys are loaded by a loop of their own before they are
     * hashed: its body is a few instructions, so many more of its misses fit in the processor's window than fit of the
     * hashing loop's. A hint only: the table is not changed and a later lookup is correct whatever this loaded. Writer
     * thread only.
     *
     * @param keys   the keys; a null element is skipped.
     * @param hashes receives {@link #hash(byte[])} of each key.
     * @param slots  scratch space for at least {@code n} entries; left all null.
     * @param n      number of keys.
     */
    void prefetch(final byte[][] keys, final int[] hashes, final Entry[] slots, final int n)
    {
        int touched = 0;
        for (int i = 0; i < n; i++)
        {
            final byte[] key = keys[i];
            if (key != null)
            {
                touched += key.length;
            }
        }
        for (int i = 0; i < n; i++)
        {
            final byte[] key = keys[i];
            hashes[i] = key == null ? 0 : hash(key);
        }
        final Table t = table;
        final int mask = t.mask;
        for (int i = 0; i < n; i++)
        {
            slots[i] = keys[i] == null ? null : t.get(hashes[i] & mask);
        }
        for (int i = 0; i < n; i++)
        {
            final Entry e = slots[i];
            if (e != null)
            {
                touched += e.hash;
            }
        }
        for (int i = 0; i < n; i++)
        {
            final Entry e = slots[i];
            if (e != null)
            {
                if (e.keyLength > Entry.INLINE_KEY_BYTES)
                {
                    touched += ((Entry.LongKey)e).key.length;
                }
                slots[i] = null;
            }
        }
        prefetched = touched;
    }

    /**
     * Delete a key. Writer thread only.
     *
     * @param key  the key.
     * @param hash {@link #hash(byte[])} of the key.
     * @return the removed entry, or null if there was none.
     */
    public Entry remove(final byte[] key, final int hash)
    {
        final long w0 = Entry.word(key, 0);
        final long w1 = Entry.word(key, 8);
        final Table t = table;
        final int mask = t.mask;
        int i = hash & mask;
        Entry e;
        while ((e = t.get(i)) != null)
        {
            if (e != TOMBSTONE && e.keyEquals(key, hash, w0, w1))
            {
                removeAt(t, i, e);
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void removeAt(final Table t, final int i, final Entry e)
    {
        store(t, i, TOMBSTONE);
        size--;
        tombstones++;
        if (e.expireAtMs != Entry.NO_EXPIRY)
        {
            expires--;
        }
        if (size < (t.capacity() >>> 4) && t.capacity() > MIN_CAPACITY)
        {
            rehash(capacityFor(size));
        }
        publish();
    }

    /**
     * Remove every key by publishing a new empty table. Writer thread only.
     */
    public void clear()
    {
        table = new Table(MIN_CAPACITY, maxChunkSlots(), collections);
        size = 0;
        tombstones = 0;
        expires = 0;
        expireCursor = 0;
        publish();
    }

    /**
     * Examine up to {@code maxSlots} slots from a cursor that persists across calls, delete each entry whose deadline
     * passed, and hand it to {@code onExpired}. The building block of the active expiry cycle. Writer thread only.
     *
     * @param nowMs     current epoch time.
     * @param maxSlots  slots to examine.
     * @param onExpired receives each deleted entry.
     * @return number of entries with a deadline that were examined; 0 when no key has a deadline.
     */
    public int sampleExpired(final long nowMs, final int maxSlots, final ExpiredHandler onExpired)
    {
        int sampled = 0;
        for (int n = 0; n < maxSlots && expires > 0; n++)
        {
            final Table t = table;
            final int i = expireCursor & t.mask;
            expireCursor = i + 1;
            final Entry e = t.get(i);
            if (e != null && e != TOMBSTONE && e.expireAtMs != Entry.NO_EXPIRY)
            {
                sampled++;
                if (e.expireAtMs < nowMs)
                {
                    // The key first: building a short key's array allocates, and nothing may fail between the
                    // removal and the handler that logs it.
                    final byte[] key = e.key();
                    removeAt(t, i, e);
                    onExpired.onExpired(key);
                }
            }
        }
        return sampled;
    }

    /**
     * Receives an entry the active expiry cycle deleted.
     */
    @FunctionalInterface
    public interface ExpiredHandler
    {
        /**
         * @param key the deleted entry's key, built before the deletion.
         */
        void onExpired(byte[] key);
    }

    private Table rehash(final int capacity)
    {
        final Table old = table;
        final Table t = new Table(capacity, maxChunkSlots(), collections);
        final int mask = t.mask;
        final int oldCapacity = old.capacity();
        for (int j = 0; j < oldCapacity; j++)
        {
            final Entry e = old.get(j);
            if (e != null && e != TOMBSTONE)
            {
                int i = e.hash & mask;
                while (t.get(i) != null)
                {
                    i = (i + 1) & mask;
                }
                t.set(i, e);
            }
        }
        tombstones = 0;
        table = t;
        return t;
    }

    /**
     * Publish an entry in a slot, first replacing the slot's chunk by a young copy if a collection may have promoted
     * it since it was allocated.
     */
    private void store(final Table t, final int i, final Entry e)
    {
        final int c = i >>> t.shift;
        Entry[] chunk = t.chunks[c];
        if (youngChunks)
        {
            if (++storesSinceCheck == STORES_PER_COLLECTION_CHECK)
            {
                storesSinceCheck = 0;
                collections = collections();
            }
            if (t.copiedAt[c] != collections)
            {
                chunk = chunk.clone();
                t.copiedAt[c] = collections;
                chunkCopies++;
                CHUNK.setRelease(t.chunks, c, chunk);
            }
        }
        SLOT.setRelease(chunk, i & t.chunkMask, e);
    }

    private void publish()
    {
        PUBLISHED_SIZE.setRelease(this, (long)size);
        PUBLISHED_EXPIRES.setRelease(this, (long)expires);
    }

    /**
     * @return the slots per chunk of a new table: one chunk for the whole table unless chunks are kept young.
     */
    private int maxChunkSlots()
    {
        return youngChunks ? MAX_CHUNK_SLOTS : MAX_CAPACITY;
    }

    private static boolean usesG1()
    {
        for (final GarbageCollectorMXBean collector : COLLECTORS)
        {
            if (collector.getName().startsWith("G1 "))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the number of collections every collector of this JVM has run.
     */
    private static long collections()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : COLLECTORS)
        {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    /**
     * @return the collections this keyspace last saw the collectors report: read every
     * {@link #STORES_PER_COLLECTION_CHECK} stores under G1, always 0 under other collectors. Writer thread only.
     */
    long collectionsSeen()
    {
        return collections;
    }

    /**
     * @return chunks the writer has replaced by a young copy. Writer thread only; for tests.
     */
    long chunkCopies()
    {
        return chunkCopies;
    }

    static int capacityFor(final int keys)
    {
        // Keep the load at or below 1/4 after a resize, 1/2 at most before the next one.
        final long wanted = Math.max(MIN_CAPACITY, (long)keys * 4);
        if (wanted > MAX_CAPACITY)
        {
            return MAX_CAPACITY;
        }
        return Integer.highestOneBit((int)wanted - 1) << 1;
    }
}
