using Hpc.Proxy.Mpich;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>Finding MPICH's library and calling it through the generated bindings.</summary>
[TestFixture]
public sealed class MpichLibraryTests
{
    /// <summary>The override comes first, then the MPICH ABI names in the documented order.</summary>
    [Test]
    public void Candidates_WithOverride_OverrideFirst()
    {
        Assert.That(MpichLibrary.Candidates("/opt/mpi/lib/libmpi.so.12"),
            Is.EqualTo(new[] { "/opt/mpi/lib/libmpi.so.12", "libmpi.so.12", "libmpich.so.12", "libmpi.so" }));
    }

    /// <summary>No override (or a blank one): only the standard names.</summary>
    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Candidates_WithoutOverride_StandardNames(string? overridePath)
    {
        Assert.That(MpichLibrary.Candidates(overridePath), Is.EqualTo(new[] { "libmpi.so.12", "libmpich.so.12", "libmpi.so" }));
    }

    /// <summary>The real library loads and answers MPI_Initialized (false: nothing here initialises MPI).</summary>
    [Test]
    public unsafe void Load_MpichInstalled_BindingsReachTheLibrary()
    {
        try
        {
            MpichLibrary.Load();
        }
        catch (DllNotFoundException error)
        {
            Assert.Ignore($"MPICH is not installed here: {error.Message}");
        }

        int flag = -1;
        int code = MpiCalls.Initialized(&flag);

        Assert.That(code, Is.EqualTo(MpichAbi.Success));
        Assert.That(flag, Is.Zero);
    }

    /// <summary>MPICH's own text for an error code comes through the binding.</summary>
    [Test]
    public void ErrorText_TruncateCode_SaysTruncated()
    {
        try
        {
            MpichLibrary.Load();
        }
        catch (DllNotFoundException error)
        {
            Assert.Ignore($"MPICH is not installed here: {error.Message}");
        }

        Assert.That(MpiCalls.ErrorText(MpichAbi.ErrorTruncate), Does.Contain("truncat").IgnoreCase);
    }
}
