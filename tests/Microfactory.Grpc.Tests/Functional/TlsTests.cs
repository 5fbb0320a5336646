using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Server;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Functional;

/// <summary>With a certificate configured the server speaks gRPC over TLS (HTTP/2 by ALPN).</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly OurServerFixture _server = new();
    private readonly X509Certificate2 _certificate = CreateSelfSignedCertificate();

    public Task InitializeAsync() => _server.StartAsync(new GrpcKestrelOptions { Certificate = _certificate });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task A_client_trusting_the_certificate_calls_over_tls()
    {
        var options = new GrpcChannelOptions();
        var handler = GrpcChannel.CreateDefaultHandler(options);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString();
        options.HttpHandler = handler;
        using var channel = GrpcChannel.ForAddress(new Uri($"https://127.0.0.1:{_server.Address.Port}"), options);

        var response = await channel.UnaryCall(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 10 }).ResponseAsync.Within("a unary call over TLS");

        Assert.Equal(10, response.Payload.Body.Length);
        handler.Dispose();
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_gets_unavailable()
    {
        using var channel = GrpcChannel.ForAddress(new Uri($"https://127.0.0.1:{_server.Address.Port}"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(TestServiceMethods.EmptyCall, new Empty()).ResponseAsync.Within("the untrusted call"));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=microfactory-grpc-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
