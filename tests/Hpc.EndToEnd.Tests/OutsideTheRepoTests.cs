namespace Hpc.EndToEnd.Tests;

/// <summary>
/// A job written outside the checkout, as a user starts one: <c>./pack</c> fills a local feed, then in an empty
/// folder the hermit-run dotnet tool is installed from it, <c>dotnet new hpc-job</c> makes a project that
/// references the packed Hpc.Mpi and Hpc.OpenMp, and the installed tool builds and runs it on 4 ranks, then on a
/// metal isle in QEMU with the kernel image the tool package carries. NuGet's
/// package cache is the folder's own, so nothing comes from this checkout or from an earlier pack of the same
/// version.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OutsideTheRepoTests
{
    [Test]
    public void EmptyFolder_ToolTemplateAndLocalFeed_RunAJob()
    {
        string folder = HermitRun.TempFolder();
        string feed = Path.Combine(folder, "feed");
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(folder, "nuget-packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(folder, "home"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        try
        {
            // Packed from the solution's Release build (the tests run after it), with the checkout's own package cache.
            Step(HermitRun.RepoRoot, new Dictionary<string, string>(), Path.Combine(HermitRun.RepoRoot, "pack"), "--no-build", feed);
            string template = Directory.GetFiles(feed, "Hpc.Templates.*.nupkg").Single();
            string work = Path.Combine(folder, "work");
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, "nuget.config"),
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="hpc-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            Step(work, environment, "dotnet", "tool", "install", "--tool-path", "tools", "Hpc.HermitRun");
            Step(work, environment, "dotnet", "new", "install", template, "--debug:custom-hive", Path.Combine(folder, "hive"));
            Step(work, environment, "dotnet", "new", "hpc-job", "-n", "MyJob", "--debug:custom-hive", Path.Combine(folder, "hive"));
            string output = Step(work, environment, Path.Combine(work, "tools", "hermit-run"), "-n", "4", "MyJob", "100000");

            string[] ranks = output.Split('\n').Where(line => line.StartsWith("rank ", StringComparison.Ordinal)).ToArray();
            Assert.That(ranks, Has.Length.EqualTo(4), output);
            for (int rank = 0; rank < 4; rank++)
            {
                Assert.That(ranks, Has.One.StartsWith($"rank {rank} of 4 on isle "), output);
            }

            Assert.That(output, Does.Contain("pi ≈ 3.1415926536"), output);

            // The metal target from the installed tool: the job published with ILCompiler from the packages and booted
            // in QEMU on the kernel image packed beside the tool (no kernel sources here to build one from).
            if (ExternalCommand.IsOnPath("qemu-system-x86_64"))
            {
                string metal = Step(work, environment, Path.Combine(work, "tools", "hermit-run"), "--target", "qemu", "-n", "1", "--cores-per-isle", "1", "MyJob", "100000");
                Assert.That(metal, Does.Contain("rank 0 of 1 on isle 0"), metal);
                Assert.That(metal, Does.Contain("pi ≈ 3.1415926536"), metal);
            }
            else
            {
                Assert.Warn("qemu-system-x86_64 is missing (./run-tests installs it): the metal target of the installed tool was not run");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs one command to its end in <paramref name="directory"/>; a non-zero status fails the test with its output.</summary>
    private static string Step(string directory, IReadOnlyDictionary<string, string> environment, string command, params string[] args)
    {
        (int status, string output) = ExternalCommand.Run(command, args, directory, environment, TimeSpan.FromMinutes(8));
        Assert.That(status, Is.Zero, $"{command} {string.Join(' ', args)}\n{output}");
        return output;
    }
}
