using System.Threading;

namespace Hpc.Segment;

/// <summary>
/// The node segment's window memory (hermit-run --window-memory): the space shared-memory windows
/// (MPI_Win_allocate_shared) are cut from, so the ranks of a node share a window without setting up memory of their
/// own. A header page (a lock, then a table of the blocks in use, sorted by offset) and the blocks' bytes after it.
/// Only ranks use it, under the lock, and a window is allocated and freed by one rank of its communicator; the proxy
/// never reads it. Every offset read from the table is checked against the arena's size, so a corrupt table makes an
/// allocation fail, never a write outside the segment. Shared source: the metal kernel's subset (pointers, no BCL
/// collections).
/// </summary>
internal readonly unsafe struct WindowArena
{
    /// <summary>Bytes of the header page in front of the window memory.</summary>
    public const int HeaderSize = 4096;
    /// <summary>Alignment of every block: a page, so windows start on a line and a page of their own.</summary>
    public const int BlockAlignment = 4096;
    /// <summary>Where the table starts: after the lock's and the count's cache lines.</summary>
    private const int TableOffset = 128;
    /// <summary>Bytes of one table entry: offset, length.</summary>
    private const int EntrySize = 16;
    /// <summary>Windows a node may hold at once.</summary>
    public const int MaxBlocks = (HeaderSize - TableOffset) / EntrySize;

    /// <summary>The header page; the window memory follows it.</summary>
    private readonly byte* _header;

    /// <summary>Wraps the arena at <paramref name="header"/> with <paramref name="size"/> bytes of window memory.</summary>
    public WindowArena(byte* header, long size)
    {
        _header = header;
        Size = size;
    }

    /// <summary>Bytes of window memory (0: the job has none, and no header page either: touch nothing then).</summary>
    public long Size { get; }

    /// <summary>Start of the window memory; block offsets count from here.</summary>
    public byte* Memory => _header + HeaderSize;

    /// <summary>The lock word: 0 free, 1 held.</summary>
    private int* Lock => (int*)_header;

    /// <summary>Blocks in use.</summary>
    private int* Count => (int*)(_header + 64);

    /// <summary>Entry <paramref name="index"/> of the table: its offset word (its length word follows).</summary>
    private long* Entry(int index) => (long*)(_header + TableOffset + index * EntrySize);

    /// <summary>
    /// Cuts a block of <paramref name="length"/> bytes (rounded up to <see cref="BlockAlignment"/>) from the first gap
    /// large enough; false when no gap is, or the table is full (then <paramref name="offset"/> is -1).
    /// <paramref name="free"/> says how many bytes were left in all. Under the lock (<see cref="TryEnter"/>).
    /// </summary>
    public bool TryAllocate(long length, out long offset, out long free)
    {
        offset = -1;
        free = 0;
        if (length <= 0 || length > 1L << 50)
        {
            return false;
        }

        long rounded = (length + BlockAlignment - 1) & ~(long)(BlockAlignment - 1);
        int count = *Count;
        if ((uint)count > MaxBlocks)
        {
            return false; // a corrupt table: allocate nothing rather than trust it
        }

        long gapStart = 0;
        int insertAt = count;
        for (int i = 0; i <= count; i++)
        {
            long gapEnd = i < count ? Entry(i)[0] : Size;
            if (gapEnd < gapStart || gapEnd > Size)
            {
                return false;
            }

            free += gapEnd - gapStart;
            if (offset < 0 && gapEnd - gapStart >= rounded && count < MaxBlocks)
            {
                offset = gapStart;
                insertAt = i;
            }

            if (i < count)
            {
                gapStart = gapEnd + Entry(i)[1];
            }
        }

        if (offset < 0)
        {
            return false;
        }

        for (int i = count; i > insertAt; i--)
        {
            Entry(i)[0] = Entry(i - 1)[0];
            Entry(i)[1] = Entry(i - 1)[1];
        }

        Entry(insertAt)[0] = offset;
        Entry(insertAt)[1] = rounded;
        *Count = count + 1;
        free -= rounded;
        return true;
    }

    /// <summary>Returns the block at <paramref name="offset"/>; false when no block starts there. Under the lock.</summary>
    public bool Free(long offset)
    {
        int count = *Count;
        for (int i = 0; i < count && i < MaxBlocks; i++)
        {
            if (Entry(i)[0] != offset)
            {
                continue;
            }

            for (int j = i; j < count - 1; j++)
            {
                Entry(j)[0] = Entry(j + 1)[0];
                Entry(j)[1] = Entry(j + 1)[1];
            }

            *Count = count - 1;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Takes the lock if it is free. Held for one table walk, by one rank of a communicator at a time; the caller
    /// waits as its platform waits (a rank hands its core to a ready rank between tries).
    /// </summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref *Lock, 1, 0) == 0;

    /// <summary>Releases the lock.</summary>
    public void Exit() => Volatile.Write(ref *Lock, 0);
}
