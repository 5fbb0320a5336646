using System.Diagnostics;
using System.Net.Sockets;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// Debian's mosquitto started by the test with a configuration of its own (not the system service), on free loopback
/// ports: one TLS listener with user names and passwords, one TLS listener that requires a client certificate.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Mosquitto = "/usr/sbin/mosquitto";
    public const string Username = "cell-user";
    public const string Password = "mqtt-pass-6c1f0e92d4";
    private readonly string _configFile;
    private Process? _process;

    private MosquittoBroker(string directory, TestCertificates certificates, int passwordPort, int certificatePort)
    {
        Directory = directory;
        Certificates = certificates;
        PasswordPort = passwordPort;
        CertificatePort = certificatePort;
        _configFile = Path.Combine(directory, "mosquitto.conf");
    }

    public string Directory { get; }

    public TestCertificates Certificates { get; }

    /// <summary>TLS with user name and password.</summary>
    public int PasswordPort { get; }

    /// <summary>TLS that requires a client certificate (its common name is the user).</summary>
    public int CertificatePort { get; }

    public string LogFile => Path.Combine(Directory, "mosquitto.log");

    public static async Task<MosquittoBroker> StartAsync()
    {
        if (!File.Exists(Mosquitto))
        {
            throw new InvalidOperationException($"{Mosquitto} is missing: run 'bash scripts/setup-test-deps.sh' (scripts/apt-packages.txt).");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("mf-mosquitto-").FullName;
        var certificates = TestCertificates.Create(Path.Combine(directory, "tls"));
        var broker = new MosquittoBroker(directory, certificates, FreeTcpPort.Next(), FreeTcpPort.Next());
        var passwords = Path.Combine(directory, "passwords");
        var made = await ProcessRunner.RunAsync("/usr/bin/mosquitto_passwd", ["-b", "-c", passwords, Username, Password], "mosquitto_passwd to write the broker's password file");
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed ({made.ExitCode}): {made.StandardError}");
        }

        File.WriteAllText(broker._configFile, $"""
            # The test's own broker: no persistence, so a restart loses every retained message and session.
            user root
            persistence false
            log_dest file {broker.LogFile}
            log_type error
            log_type warning
            log_type notice
            per_listener_settings true

            listener {broker.PasswordPort} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            cafile {certificates.CaFile}
            certfile {certificates.ServerCertificateFile}
            keyfile {certificates.ServerKeyFile}

            listener {broker.CertificatePort} 127.0.0.1
            allow_anonymous false
            require_certificate true
            use_identity_as_username true
            cafile {certificates.CaFile}
            certfile {certificates.ServerCertificateFile}
            keyfile {certificates.ServerKeyFile}
            """);
        await broker.StartProcessAsync();
        return broker;
    }

    /// <summary>Stops the broker (SIGKILL: every client loses its connection at once) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within("mosquitto to stop");
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        _process = Process.Start(new ProcessStartInfo(Mosquitto, ["-c", _configFile]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start mosquitto.");
        await Await.Until(async () => await AcceptsAsync(PasswordPort) && await AcceptsAsync(CertificatePort),
            $"mosquitto to listen on {PasswordPort} and {CertificatePort} (log: {LogFile})");
    }

    private async Task<bool> AcceptsAsync(int port)
    {
        if (_process is { HasExited: true } exited)
        {
            throw new InvalidOperationException($"mosquitto exited ({exited.ExitCode}): {(File.Exists(LogFile) ? File.ReadAllText(LogFile) : "no log")}");
        }

        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
