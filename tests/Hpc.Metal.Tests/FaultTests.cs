namespace Hpc.Metal.Tests;

/// <summary>CPU exceptions, throws, failed casts, index errors and exhausted memory become panics.</summary>
[TestFixture]
public sealed class FaultTests
{
    /// <summary>The panic line names the cause, the address and its symbol, and QEMU exits with the panic status.</summary>
    [TestCase("null", "System.NullReferenceException", "SelfTestJob__NullField")]
    [TestCase("div", "System.DivideByZeroException", "SelfTestJob__Fault")]
    [TestCase("throw", "unhandled System.InvalidOperationException: the self-test threw", "SelfTestJob__Fault")]
    [TestCase("index", "unhandled System.IndexOutOfRangeException", "ThrowIndexOutOfRangeException")]
    [TestCase("cast", "unhandled System.InvalidCastException", "TypeCast__CheckCast")]
    public void Fault_Kind_PanicsWithCauseAddressAndSymbol(string kind, string cause, string symbol)
    {
        (int status, string serial) = Qemu.Boot($"fault={kind}");
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Match($@"panic: .*{System.Text.RegularExpressions.Regex.Escape(cause)}.* at 0x[0-9a-f]+ \([A-Za-z0-9_]*{symbol}[A-Za-z0-9_]*\+0x[0-9a-f]+\) on cpu 0"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
        });
    }

    /// <summary>Running out of memory is a panic naming the size asked for.</summary>
    [Test]
    public void Fault_OutOfMemory_PanicNamesTheSize()
    {
        (int status, string serial) = Qemu.Boot("fault=oom");
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Match(@"panic: out of memory: a claim of \d+ bytes does not fit"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
        });
    }
}
