using System.Runtime.InteropServices;

namespace Hpc.Proxy.Serving;

/// <summary>
/// A write-only stream over an inherited descriptor (1 or 2) that calls <c>write(2)</c> itself. A
/// <see cref="FileStream"/> over a regular file keeps its own position and writes with <c>pwrite</c>, so when
/// hermit-run's output is a file the shell shares (<c>{ echo a; hermit-run …; echo b; } &gt; log</c>, a batch
/// system's output file), its lines overwrote what others wrote before and were overwritten after. <c>write(2)</c>
/// moves the shared offset (and honours O_APPEND) as every other program's output does.
/// </summary>
internal sealed partial class DescriptorStream : Stream
{
    /// <summary>EINTR.</summary>
    private const int Interrupted = 4;

    /// <summary>The descriptor (not closed by this stream).</summary>
    private readonly int _fd;

    /// <summary>Writes to <paramref name="fd"/>.</summary>
    public DescriptorStream(int fd) => _fd = fd;

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes all of <paramref name="buffer"/>; throws <see cref="IOException"/> when the descriptor refuses.</summary>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint written = WriteSyscall(_fd, start + done, (nuint)(buffer.Length - done));
                if (written < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    throw new IOException($"write to descriptor {_fd} failed (errno {errno})", errno);
                }

                done += (int)written;
            }
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>write(2).</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteSyscall(int fd, byte* buffer, nuint count);
}
