using System.Globalization;
using System.Runtime.InteropServices;
using Hpc.Hosted;

namespace Hpc.Tests.Tools.ConfineProbe;

/// <summary>
/// What the probe tries once confined, each reported as one line: <c>VERB TARGET ok|denied|missing|error ...</c>.
/// Verbs: <c>read</c>, <c>write</c>, <c>list</c> a path; <c>signal</c> a pid (signal 0); <c>hold</c> (sleep until killed).
/// </summary>
internal static class ProbeActions
{
    /// <summary>Performs one <c>verb:target</c> action and returns its report line.</summary>
    public static string Run(string action)
    {
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Action '{action}' is not VERB:TARGET.");
        }

        string verb = action[..colon];
        string target = action[(colon + 1)..];
        return $"{verb} {target} {Outcome(verb, target)}";
    }

    /// <summary>Tries the action and classifies the result.</summary>
    private static string Outcome(string verb, string target)
    {
        try
        {
            switch (verb)
            {
                case "read":
                    _ = File.ReadAllBytes(target);
                    return "ok";
                case "write":
                    File.WriteAllText(target, "written by ConfineProbe\n");
                    return "ok";
                case "list":
                    _ = Directory.GetFileSystemEntries(target);
                    return "ok";
                case "hold":
                    // Stays alive until killed, for the parent-death test; the line tells the test we got here.
                    Console.WriteLine($"hold {target} holding");
                    Console.Out.Flush();
                    Thread.Sleep(Timeout.Infinite);
                    return "released";
                case "signal":
                    // Signal 0 checks permission without sending; Landlock's signal scope answers EPERM.
                    int pid = int.Parse(target, CultureInfo.InvariantCulture);
                    return LibC.Kill(pid, 0) == 0 ? "ok" : $"denied errno {Marshal.GetLastPInvokeError()}";
                default:
                    throw new FormatException($"Unknown action verb '{verb}'.");
            }
        }
        catch (UnauthorizedAccessException)
        {
            return "denied";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "missing";
        }
        catch (IOException e)
        {
            return $"error {e.Message}";
        }
    }
}
