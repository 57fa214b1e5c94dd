using Hpc.Proxy.Mpich;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>What a per-node proxy strips from its children's environment.</summary>
[TestFixture]
public sealed class ChildEnvironmentTests
{
    /// <summary>Hydra's, PMI's, MPICH's and UCX's variables go; the rest, look-alikes included, stays.</summary>
    [Test]
    public void Scrub_LauncherAndOtherVariables_RemovesOnlyLauncherOnes()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PMI_RANK"] = "1",
            ["PMI_FD"] = "7",
            ["PMIX_NAMESPACE"] = "x",
            ["MPIR_CVAR_CH4_NETMOD"] = "ucx",
            ["MPI_LOCALNRANKS"] = "1",
            ["MPIEXEC_TIMEOUT"] = "10",
            ["HYDRA_LAUNCHER"] = "ssh",
            ["HYDI_CONTROL_FD"] = "9",
            ["UCX_TLS"] = "tcp,self",
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/root",
            ["MPLCONFIGDIR"] = "/tmp/mpl",
            ["HPC_MPI_LIBRARY"] = "libmpich.so.12",
            ["XPMI_RANK"] = "3",
        };

        int removed = ChildEnvironment.Scrub(environment);

        Assert.That(removed, Is.EqualTo(9));
        Assert.That(environment.Keys, Is.EquivalentTo(new[] { "PATH", "HOME", "MPLCONFIGDIR", "HPC_MPI_LIBRARY", "XPMI_RANK" }));
    }

    /// <summary>Prefixes match case-sensitively, as the launchers spell them.</summary>
    [Test]
    public void IsLauncherVariable_LowerCasePrefix_IsKept()
    {
        Assert.That(ChildEnvironment.IsLauncherVariable("pmi_rank"), Is.False);
        Assert.That(ChildEnvironment.IsLauncherVariable("PMI_RANK"), Is.True);
    }
}
