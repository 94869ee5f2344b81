/**
 * Known-answer tests: our crypto stack must reproduce published vectors bit for bit.
 * Sources are named on each vector.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, sodium } from '../../../main/core/crypto/sodium';
import { fromHex, toHex, utf8 } from '../../../main/core/crypto/bytes';
import { sha256Hex, sha512Hex } from '../../../main/core/crypto/hash';
import { signDetached, signingKeyPairFromSeed, verifyDetached } from '../../../main/core/crypto/sign';
import { aeadOpen } from '../../../main/core/crypto/aead';

beforeAll(async () => {
  await initCrypto();
});

describe('SHA-256 / SHA-512 (FIPS 180-2 examples)', () => {
  it('hashes "abc"', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha512Hex('abc')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
  it('hashes the two-block message', () => {
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
});

describe('XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §A.3.1)', () => {
  const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const nonce = fromHex('404142434445464748494a4b4c4d4e4f5051525354555657');
  const ad = fromHex('50515253c0c1c2c3c4c5c6c7');
  const plaintext = utf8(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const expected =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
    '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
    '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49';

  it('encrypts to the published ciphertext and tag', () => {
    const ct = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
    expect(toHex(ct)).toBe(expected);
  });

  it('opens the published vector through our sealed format (nonce ‖ ct)', () => {
    const sealed = new Uint8Array([...nonce, ...fromHex(expected)]);
    expect(aeadOpen(key, sealed, ad)).toEqual(plaintext);
    expect(aeadOpen(key, sealed, fromHex('50515253c0c1c2c3c4c5c6c8'))).toBeNull();
  });
});

describe('Ed25519 (RFC 8032 §7.1)', () => {
  const vectors = [
    {
      name: 'TEST 1',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
    {
      name: 'TEST 3',
      secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      message: 'af82',
      signature:
        '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    },
  ];
  for (const v of vectors) {
    it(`${v.name}: derives the public key, signs and verifies`, () => {
      const kp = signingKeyPairFromSeed(fromHex(v.secret));
      expect(toHex(kp.publicKey)).toBe(v.public);
      const sig = signDetached(fromHex(v.message), kp.secretKey);
      expect(toHex(sig)).toBe(v.signature);
      expect(verifyDetached(sig, fromHex(v.message), kp.publicKey)).toBe(true);
      const bad = sig.slice();
      bad[10] = bad[10]! ^ 1;
      expect(verifyDetached(bad, fromHex(v.message), kp.publicKey)).toBe(false);
    });
  }
});

describe('Argon2id (reference argon2 CLI, v=0x13, p=1, 32-byte output)', () => {
  // echo -n "123" | ./argon2 ABCDEFGHIJKLMNOP -id -v 13 -k <KiB> -t <passes>
  const salt = utf8('ABCDEFGHIJKLMNOP');
  it('m=1024 KiB, t=5', () => {
    const s = sodium();
    const out = s.crypto_pwhash(32, '123', salt, 5, 1024 * 1024, s.crypto_pwhash_ALG_ARGON2ID13);
    expect(toHex(out)).toBe('3c5d010180ba0cf5b6b858cba23b318e42d33088983c404598599c3b029ecac6');
  });
  it('m=8192 KiB, t=2', () => {
    const s = sodium();
    const out = s.crypto_pwhash(32, '123', salt, 2, 8192 * 1024, s.crypto_pwhash_ALG_ARGON2ID13);
    expect(toHex(out)).toBe('3ee950488d26ce691657b1d753f562139857b61a58f234d6cb0ce84c4cc27328');
  });
});
