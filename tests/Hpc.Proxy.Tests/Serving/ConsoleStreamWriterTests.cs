using Hpc.Proxy.Serving;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>A stream nobody reads blocks only the writer's own thread: the caller is told it is behind, never held.</summary>
[TestFixture]
public sealed class ConsoleStreamWriterTests
{
    [Test]
    public void Write_StreamBlocked_CallerNeverWaitsAndSeesCongestion()
    {
        using var stream = new BlockedStream();
        ConsoleStreamWriter writer = ConsoleStreamWriter.Threaded(stream, "test writer");
        byte[] chunk = new byte[64 * 1024];

        for (long written = 0; written <= 2 * ConsoleStreamWriter.HighWater; written += chunk.Length)
        {
            writer.Write(chunk);
        }

        Assert.That(writer.IsCongested, Is.True);
        Assert.That(writer.WaitWritten(TimeSpan.FromMilliseconds(100), CancellationToken.None), Is.False);
        stream.Release();
        Assert.That(writer.WaitWritten(TimeSpan.FromMinutes(1), CancellationToken.None), Is.True);
        Assert.That(writer.IsCongested, Is.False);
    }

    [Test]
    public void WaitWritten_Cancelled_GivesUp()
    {
        using var stream = new BlockedStream();
        ConsoleStreamWriter writer = ConsoleStreamWriter.Threaded(stream, "test writer");
        writer.Write(new byte[10]);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.That(writer.WaitWritten(Timeout.InfiniteTimeSpan, cancel.Token), Is.False);
        stream.Release();
    }

    /// <summary>A stream whose writes block until released (a pipe nobody reads).</summary>
    private sealed class BlockedStream : Stream
    {
        private readonly ManualResetEventSlim _released = new();

        public void Release() => _released.Set();

        public override void Write(byte[] buffer, int offset, int count) => _released.Wait();

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _released.Set();
            _released.Dispose();
            base.Dispose(disposing);
        }
    }
}
