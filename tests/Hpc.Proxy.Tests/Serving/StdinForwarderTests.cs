using System.Text;
using Hpc.Proxy.Serving;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>hermit-run's standard input for rank 0: read ahead on a thread, taken without waiting, then its end.</summary>
[TestFixture]
public sealed class StdinForwarderTests
{
    [Test]
    public void Read_UntilTheEnd_AllBytesThenZero()
    {
        byte[] input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i}\n")));
        using var arrived = new SemaphoreSlim(0);
        var forwarder = new StdinForwarder(() => new MemoryStream(input), () => arrived.Release());
        var got = new MemoryStream();
        byte[] buffer = new byte[1000];
        while (true)
        {
            long result = forwarder.Read(buffer);
            if (result == 0)
            {
                break;
            }

            if (result < 0)
            {
                Assert.That(result, Is.EqualTo(-Hpc.Protocol.LinuxErrno.EAGAIN));
                Assert.That(arrived.Wait(TimeSpan.FromSeconds(10)), Is.True, "no arrival announced");
                continue;
            }

            got.Write(buffer, 0, (int)result);
        }

        Assert.That(got.ToArray(), Is.EqualTo(input));
    }

    [Test]
    public void Read_BeforeAnyInput_AsksToWait()
    {
        using var never = new BlockingStream();
        var forwarder = new StdinForwarder(() => never, () => { });

        Assert.That(forwarder.Read(new byte[10]), Is.EqualTo(-Hpc.Protocol.LinuxErrno.EAGAIN));
        forwarder.Stop();
    }

    /// <summary>A stream whose reads wait until it is disposed.</summary>
    private sealed class BlockingStream : MemoryStream
    {
        /// <summary>Set when disposed.</summary>
        private readonly ManualResetEventSlim _disposed = new();

        /// <summary>Waits until disposed, then reports the end.</summary>
        public override int Read(byte[] buffer, int offset, int count)
        {
            _disposed.Wait();
            return 0;
        }

        /// <summary>Releases the waiting read.</summary>
        protected override void Dispose(bool disposing)
        {
            _disposed.Set();
            base.Dispose(disposing);
        }
    }
}
