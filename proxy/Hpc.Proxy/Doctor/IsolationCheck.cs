namespace Hpc.Proxy.Doctor;

/// <summary>One finding of <c>hermit-run --doctor</c>.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Good">True when it is as a quiet isle wants it.</param>
/// <param name="Found">What this machine has.</param>
/// <param name="Advice">What to change, or empty.</param>
internal sealed record IsolationCheck(string Name, bool Good, string Found, string Advice);
