using Hpc.Proxy.Mpich;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>Validation of NodeLink's settings at the boundary.</summary>
[TestFixture]
public sealed class NodeLinkOptionsTests
{
    /// <summary>The defaults are valid.</summary>
    [Test]
    public void Validate_Defaults_DoesNotThrow()
    {
        Assert.That(() => new NodeLinkOptions().Validate(), Throws.Nothing);
    }

    /// <summary>A chunk size that is not a power of two cannot be announced in a header.</summary>
    [Test]
    public void Validate_ChunkSizeNotPowerOfTwo_Throws()
    {
        Assert.That(() => new NodeLinkOptions { ChunkSize = 3 << 19 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>Inline messages larger than a chunk make no sense.</summary>
    [Test]
    public void Validate_InlineLimitAboveChunkSize_Throws()
    {
        Assert.That(() => new NodeLinkOptions { ChunkSize = 1 << 16, InlineLimit = (1 << 16) + 1 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>A failure timeout shorter than two heartbeats would report healthy peers.</summary>
    [Test]
    public void Validate_FailureTimeoutBelowTwoHeartbeats_Throws()
    {
        var options = new NodeLinkOptions { HeartbeatInterval = TimeSpan.FromSeconds(1), FailureTimeout = TimeSpan.FromSeconds(1.5) };

        Assert.That(options.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
