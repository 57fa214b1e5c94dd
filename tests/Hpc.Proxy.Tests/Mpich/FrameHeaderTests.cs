using Hpc.Proxy.Mpich;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>The 8-byte header that opens every NodeLink message, with garbage input.</summary>
[TestFixture]
public sealed class FrameHeaderTests
{
    /// <summary>Inline and chunked headers read back as written.</summary>
    [TestCase(0, 0)]
    [TestCase(8, 0)]
    [TestCase(65536, 0)]
    [TestCase(1 << 30, 20)]
    [TestCase(65537, 12)]
    public void TryRead_WrittenHeader_GivesLengthAndChunkShift(int length, int chunkShift)
    {
        byte[] header = new byte[FrameHeader.Size];
        FrameHeader.Write(header, length, chunkShift);

        bool valid = FrameHeader.TryRead(header, 1 << 30, out int readLength, out int readShift);

        Assert.That(valid, Is.True);
        Assert.That(readLength, Is.EqualTo(length));
        Assert.That(readShift, Is.EqualTo(chunkShift));
    }

    /// <summary>A length above the limit is refused.</summary>
    [Test]
    public void TryRead_LengthAboveLimit_ReturnsFalse()
    {
        byte[] header = new byte[FrameHeader.Size];
        FrameHeader.Write(header, 1000, 0);

        Assert.That(FrameHeader.TryRead(header, 999, out _, out _), Is.False);
    }

    /// <summary>Bits the link never writes, chunk sizes out of range and short input are refused.</summary>
    [TestCase(new byte[] { 8, 0, 0, 0, 1, 0, 0, 0 })]
    [TestCase(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0x80 })]
    [TestCase(new byte[] { 8, 0, 0, 0, 0, 0, 11, 0 })]
    [TestCase(new byte[] { 8, 0, 0, 0, 0, 0, 31, 0 })]
    [TestCase(new byte[] { 8, 0, 0 })]
    public void TryRead_Garbage_ReturnsFalse(byte[] header)
    {
        Assert.That(FrameHeader.TryRead(header, int.MaxValue, out _, out _), Is.False);
    }
}
