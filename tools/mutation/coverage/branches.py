#!/usr/bin/env python3
"""Branch coverage of src/VerifiedWriteback.Ext4/Linux/*.cs from a coverlet cobertura file: totals per
file and every line with a branch outcome never taken (docs/COVERAGE.md).
usage: tools/mutation/coverage/branches.py TestResults/*/coverage.cobertura.xml"""
import sys
import xml.etree.ElementTree as ET

files = {}
for cls in ET.parse(sys.argv[1]).getroot().iter('class'):
    name = cls.attrib['filename']
    if not name.startswith('Linux/'):
        continue
    for line in cls.iter('line'):
        if line.attrib.get('branch') == 'True':
            taken, total = line.attrib['condition-coverage'].split('(')[1].rstrip(')').split('/')
            seen = files.setdefault(name, {}).get(int(line.attrib['number']), (0, 0))
            files[name][int(line.attrib['number'])] = (max(seen[0], int(taken)), max(seen[1], int(total)))
covered = valid = 0
for name, lines in sorted(files.items()):
    c = sum(t for t, _ in lines.values())
    v = sum(n for _, n in lines.values())
    covered, valid = covered + c, valid + v
    print(f'{name}: {c}/{v}')
    for number, (t, n) in sorted(lines.items()):
        if t < n:
            print(f'   line {number}: {t}/{n}')
print(f'Linux total: {covered}/{valid} = {100 * covered / valid:.1f}%')
