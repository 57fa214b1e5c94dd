using Hpc.Proxy.Tests.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Tests.Segment;

/// <summary>
/// The segment's window memory: first-fit blocks that are given back, a full table that refuses, and a corrupt table
/// (the segment is writable by every rank) that makes allocation fail rather than hand out memory outside the arena.
/// </summary>
[TestFixture]
public sealed unsafe class WindowArenaTests
{
    private const long Size = 64 * 1024;

    [Test]
    public void Allocate_FreeTheMiddleBlock_TheNextSmallBlockFillsItsGap()
    {
        using var memory = new RingMemory(WindowArena.HeaderSize + Size);
        var arena = new WindowArena(memory.Pointer, Size);
        Assert.That(arena.TryAllocate(4096, out long first, out _), Is.True);
        Assert.That(arena.TryAllocate(8192, out long middle, out _), Is.True);
        Assert.That(arena.TryAllocate(1, out long last, out long free), Is.True);
        Assert.That((first, middle, last, free), Is.EqualTo((0L, 4096L, 12288L, Size - 16384)), "first fit, rounded up to a page");

        Assert.That(arena.Free(middle), Is.True);
        Assert.That(arena.Free(middle), Is.False, "a block is freed once");
        Assert.That(arena.TryAllocate(5000, out long refill, out _), Is.True);
        Assert.That(refill, Is.EqualTo(4096L));
        Assert.That(arena.TryAllocate(Size, out long none, out long left), Is.False);
        Assert.That((none, left), Is.EqualTo((-1L, Size - 16384)), "the refill took the whole gap of 8 KiB");
    }

    [Test]
    public void Allocate_TableFull_Refuses()
    {
        long size = (WindowArena.MaxBlocks + 1) * 4096L;
        using var memory = new RingMemory(WindowArena.HeaderSize + size);
        var arena = new WindowArena(memory.Pointer, size);
        for (int i = 0; i < WindowArena.MaxBlocks; i++)
        {
            Assert.That(arena.TryAllocate(4096, out _, out _), Is.True, $"block {i}");
        }

        Assert.That(arena.TryAllocate(4096, out long offset, out long free), Is.False, "room for a block, none in the table");
        Assert.That((offset, free), Is.EqualTo((-1L, 4096L)));
    }

    [TestCase(-5)]
    [TestCase(WindowArena.MaxBlocks + 1)]
    public void Allocate_CorruptCount_Refuses(int count)
    {
        using var memory = new RingMemory(WindowArena.HeaderSize + Size);
        *(int*)(memory.Pointer + 64) = count;
        var arena = new WindowArena(memory.Pointer, Size);
        Assert.That(arena.TryAllocate(4096, out long offset, out _), Is.False);
        Assert.That(offset, Is.EqualTo(-1L));
    }

    [TestCase(Size * 2, 4096L)]
    [TestCase(-4096L, 4096L)]
    [TestCase(0L, Size * 4)]
    public void Allocate_CorruptEntry_NeverHandsOutMemoryOutsideTheArena(long entryOffset, long entryLength)
    {
        using var memory = new RingMemory(WindowArena.HeaderSize + Size);
        *(int*)(memory.Pointer + 64) = 1;
        ((long*)(memory.Pointer + 128))[0] = entryOffset;
        ((long*)(memory.Pointer + 128))[1] = entryLength;
        var arena = new WindowArena(memory.Pointer, Size);
        bool allocated = arena.TryAllocate(4096, out long offset, out _);
        Assert.That(!allocated || (offset >= 0 && offset + 4096 <= Size), Is.True, $"offset {offset}");
    }

    [Test]
    public void TryEnter_Held_RefusesUntilExit()
    {
        using var memory = new RingMemory(WindowArena.HeaderSize + Size);
        var arena = new WindowArena(memory.Pointer, Size);
        Assert.That(arena.TryEnter(), Is.True);
        Assert.That(arena.TryEnter(), Is.False);
        arena.Exit();
        Assert.That(arena.TryEnter(), Is.True);
    }

    [Test]
    public void Layout_WindowMemory_LiesAfterTheChannelsAndCountsInTheTotal()
    {
        var without = new SegmentLayout(2, 4, 4096, 4096, SegmentLayout.MinChannelCapacity);
        var with = new SegmentLayout(2, 4, 4096, 4096, SegmentLayout.MinChannelCapacity, 1 << 20);
        Assert.That(with.WindowArenaOffset, Is.EqualTo(without.TotalSize));
        Assert.That(with.TotalSize, Is.EqualTo(without.TotalSize + WindowArena.HeaderSize + (1 << 20)));
        Assert.That(SegmentLayout.IsValid(2, 4, 4096, 4096, 4096, 1000), Is.False, "not a multiple of a page");
        Assert.That(SegmentLayout.IsValid(2, 4, 4096, 4096, 4096, -4096), Is.False);
    }
}
