import { isPublicAddress } from './public-address';

describe('isPublicAddress', () => {
  it('passes public unicast addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '203.119.129.1', '2606:4700:4700::1111', '240e:e9:6002::1']) expect({ address, ok: isPublicAddress(address) }).toEqual({ address, ok: true });
  });

  it('refuses everything around the machine: loopback, private, link-local (cloud metadata), CGNAT, reserved, multicast', () => {
    const inside = [
      '127.0.0.1', '127.8.9.10', '0.0.0.0', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.100.100.200', '100.64.0.1',
      '224.0.0.1', '255.255.255.255', '192.0.0.8', '198.18.0.1', '240.0.0.1',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::127.0.0.1', '::a9fe:a9fe', '64:ff9b::a00:1', '2002:a00:1::', '2001::1',
      'not-an-address', '',
    ];
    for (const address of inside) expect({ address, ok: isPublicAddress(address) }).toEqual({ address, ok: false });
  });
});
