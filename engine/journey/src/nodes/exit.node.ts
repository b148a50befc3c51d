import { z } from 'zod';
import { defineNode } from '../node-definition';

export const exitConfig = z.strictObject({});

export const exitNode = defineNode({
  type: 'exit',
  category: 'exit',
  title: 'Exit',
  description: 'The contact leaves the journey here.',
  icon: 'flag',
  config: exitConfig,
  ports: [],
});
