using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// The encryptor's cipher: ext4_page_crypto submits the request and sleeps until the crypto
/// engine completes it. Other CPUs run meanwhile; that window is what this actor adds.
/// </summary>
[OnEventDoAction(typeof(CryptoRequest), nameof(OnCryptoRequest))]
public sealed class CryptoEngine : Actor
{
    private void OnCryptoRequest(Event e) => SendEvent(((CryptoRequest)e).Requester, new CryptoDone());
}
